// The Amplify AppSync simulator serving the bench schema with a VTL resolver on a NONE data source.
// Run as a child of bench/run.ts: argv[2] is a JSON file {schema, blob, apiKey}; prints
// {"url": ...} on one stdout line once it listens. Lives here, next to its own graphql 15.
'use strict';
const net = require('node:net');
const { readFileSync } = require('node:fs');

// The simulator listens on every interface; the benchmark stays on loopback.
const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' && (args.length === 1 || typeof args[1] === 'function')) args.splice(1, 0, '127.0.0.1');
  return listen.apply(this, args);
};

const { AmplifyAppSyncSimulator } = require('@aws-amplify/amplify-appsync-simulator');

async function main() {
  const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
  // No port given: the simulator picks a free one itself as it starts, and reports it in its url.
  const simulator = new AmplifyAppSyncSimulator({});
  simulator.init({
    schema: { content: config.schema },
    dataSources: [{ type: 'NONE', name: 'none' }],
    resolvers: [
      {
        kind: 'UNIT',
        typeName: 'Query',
        fieldName: 'fixedBlob',
        dataSourceName: 'none',
        requestMappingTemplateLocation: 'Query.fixedBlob.req.vtl',
        responseMappingTemplateLocation: 'Query.fixedBlob.res.vtl',
      },
    ],
    mappingTemplates: [
      // The same fixed blob as the APPSYNC_JS resolver, as a VTL literal (it has no $ or #).
      { path: 'Query.fixedBlob.req.vtl', content: `{"version": "2018-05-29", "payload": ${JSON.stringify(config.blob)}}` },
      { path: 'Query.fixedBlob.res.vtl', content: '$util.toJson($ctx.result)' },
    ],
    appSync: {
      name: 'bench',
      defaultAuthenticationType: { authenticationType: 'API_KEY' },
      apiKey: config.apiKey,
      additionalAuthenticationProviders: [],
    },
  });
  await simulator.start();
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${new URL(simulator.url).port}/graphql` })}\n`);
  const stop = () => simulator.stop().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
