// Runs the original node-webrtc example server's datachannel-buffer-limits
// example, unchanged, from a checkout of node-webrtc/node-webrtc-examples:
// what its index.js does for that one example (express + body-parser JSON,
// its lib/server/rest/connectionsapi.js mounted at /datachannel-buffer-limits
// on a WebRtcConnectionManager built from examples/.../server.js), minus the
// browserified pages, on the address and port given instead of *:3000.
// Its `require('wrtc')` is whatever the checkout's node_modules holds
// (bench/foreign.sh installs npm:@roamhq/wrtc@0.10.0 under that name).
//
//   node original-server.cjs CHECKOUT_DIR [PORT=3000] [HOST=127.0.0.1]
'use strict';

const { createRequire } = require('node:module');
const { join, resolve } = require('node:path');

const [dir, port = '3000', host = '127.0.0.1'] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node original-server.cjs CHECKOUT_DIR [PORT] [HOST]');
  process.exit(2);
}
const root = resolve(dir);
const requireThere = createRequire(join(root, 'index.js'));

const express = requireThere('express');
const bodyParser = requireThere('body-parser');
const { mount } = requireThere('./lib/server/rest/connectionsapi');
const WebRtcConnectionManager = requireThere('./lib/server/connections/webrtcconnectionmanager');

const example = 'datachannel-buffer-limits';
const app = express();
app.use(bodyParser.json());
const connectionManager =
    WebRtcConnectionManager.create(requireThere(`./examples/${example}/server.js`));
mount(app, connectionManager, `/${example}`);

const server = app.listen(Number(port), host, () => {
  const address = server.address();
  console.log(`original ${example} server: http://${address.address}:${address.port}/${example}`);
});
const stop = () => {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
