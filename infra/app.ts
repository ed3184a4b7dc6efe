/** CDK entry point (`cdk.json` runs it; `npm run synth`, `npx cdk deploy`). */
import { buildApp } from './build-app.js';

const { app } = await buildApp();
app.synth();
