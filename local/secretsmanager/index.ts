export { startLocalSecretsManager, type LocalSecret, type LocalSecretsManagerOptions } from './server.js';
