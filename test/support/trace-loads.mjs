// Preloaded with `node --import` into a process under test: records every module it loads and
// every outbound connection or DNS lookup it starts, one line each, in $TRACE_LOADS_FILE.
// ESM imports are seen by a resolve hook (module.register), CommonJS requires by Module._load.
import { appendFileSync } from 'node:fs';
import dns from 'node:dns';
import { createRequire, register } from 'node:module';
import net from 'node:net';

const file = process.env.TRACE_LOADS_FILE;
if (!file) throw new Error('trace-loads.mjs needs TRACE_LOADS_FILE');
const record = (line) => appendFileSync(file, `${line}\n`);

register(new URL('./trace-loads-hooks.mjs', import.meta.url), { data: { file } });

const Module = createRequire(import.meta.url)('node:module');
const load = Module._load;
Module._load = function (request, parent, isMain) {
  record(`require ${request}`);
  return load.call(this, request, parent, isMain);
};

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  record(`network connect ${JSON.stringify(args[0])}`);
  return connect.apply(this, args);
};
const lookup = dns.lookup;
dns.lookup = function (hostname, ...rest) {
  record(`network lookup ${hostname}`);
  return lookup.call(this, hostname, ...rest);
};
