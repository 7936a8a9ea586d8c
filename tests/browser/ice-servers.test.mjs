// --ice-server reaches the pages: the server serves its list as
// ice-servers.json, the page makes its peer with it, waits (2 s at most) for
// its own candidates, and still connects. The STUN server here answers
// nothing (no such server on 127.0.0.1:3478), as an unreachable one would.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {useServerAndBrowser, watchErrors} from './harness.mjs';

const kStun = 'stun:127.0.0.1:3478';
const kTurn = 'turn:127.0.0.1:3478?transport=tcp';
const env = useServerAndBrowser(
    {flags: ['--ice-server', kStun, '--ice-server', `turn:u:p@127.0.0.1:3478?transport=tcp`]});

test('the server hands its ICE servers to the page, which uses them and connects', async () => {
  const response = await fetch(`${env.server.url}/ice-servers.json`);
  assert.deepEqual(await response.json(), [
    {urls: [kStun]},
    {urls: [kTurn], username: 'u', credential: 'p'},
  ]);
  const page = await env.browser.newPage();
  const errors = watchErrors(page);
  // Records the configuration every peer connection is made with.
  await page.addInitScript(() => {
    const Real = window.RTCPeerConnection;
    window.configurations = [];
    window.RTCPeerConnection = class extends Real {
      constructor(configuration) {
        super(configuration);
        window.configurations.push(configuration);
      }
    };
  });
  await page.goto(`${env.server.url}/ping-pong/`);
  await page.waitForFunction(
      () => !document.getElementById('start').disabled, null, {timeout: 5000});
  const started = Date.now();
  await page.getByRole('button', {name: 'Start'}).click();
  await page.waitForFunction(
      () => Number(document.getElementById('pong-count')?.textContent) >= 1, null,
      {timeout: 15000});
  const log = await page.locator('#log').textContent();
  assert.match(log, /ICE servers: stun:127\.0\.0\.1:3478, turn:127\.0\.0\.1:3478\?transport=tcp/);
  // The page made its peer with them.
  assert.deepEqual(await page.evaluate(() => window.configurations), [{
                     iceServers: [{urls: [kStun]}, {urls: [kTurn], username: 'u', credential: 'p'}],
                   }]);
  console.log(`connected in ${Date.now() - started} ms with ICE servers configured`);
  await page.getByRole('button', {name: 'Stop'}).click();
  assert.deepEqual(errors, []);
  await page.close();
});
