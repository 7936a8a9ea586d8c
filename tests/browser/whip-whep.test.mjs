// WHIP and WHEP with clients nobody here wrote: npm's whip-whep (WHIPClient,
// WHEPClient) in Debian's chromium. The pages come from another origin (a
// small HTTP server of the test's own, on another loopback port), so every
// request to our server is cross-origin and needs its CORS headers.
// whip-whep posts its offer before gathering and trickles its candidates
// with PATCH.
import assert from 'node:assert/strict';
import {readFile} from 'node:fs/promises';
import {createServer} from 'node:http';
import {dirname, join} from 'node:path';
import {after, before, test} from 'node:test';
import {fileURLToPath} from 'node:url';

import {
  eventually,
  openAndStart,
  screenshot,
  useServerAndBrowser,
  waitUntilPlaying,
  watchErrors,
} from './harness.mjs';

const env = useServerAndBrowser();
const here = dirname(fileURLToPath(import.meta.url));
const pages = new Map();  // path -> HTML body
let origin;

// Serves the pages in `pages` and whip-whep's modules under /whip-whep/.
const pageServer = createServer(async (request, response) => {
  const path = new URL(request.url, 'http://x').pathname;
  if (path.startsWith('/whip-whep/') && /^[a-z]+\.js$/.test(path.slice(11))) {
    response.writeHead(200, {'Content-Type': 'text/javascript'});
    response.end(await readFile(join(here, 'node_modules/whip-whep', path.slice(11))));
  } else if (pages.has(path)) {
    response.writeHead(200, {'Content-Type': 'text/html'});
    response.end(`<!doctype html><body>${pages.get(path)}</body>`);
  } else if (path === '/favicon.ico') {
    response.writeHead(204);
    response.end();
  } else {
    response.writeHead(404);
    response.end();
  }
});
before(async () => {
  await new Promise((done) => pageServer.listen(0, '127.0.0.1', done));
  origin = `http://127.0.0.1:${pageServer.address().port}`;
});
after(() => pageServer.close());

async function openForeignPage(path, body) {
  pages.set(path, body);
  const page = await env.browser.newPage();
  const errors = watchErrors(page);
  await page.goto(origin + path);
  return {page, errors};
}

const publisherPage = `<video id="preview" autoplay muted playsinline></video>
<script type="module">
import {WHIPClient} from '/whip-whep/whip.js';
window.publish = async (url) => {
  const stream = await navigator.mediaDevices.getUserMedia({audio: true, video: true});
  document.getElementById('preview').srcObject = stream;
  const pc = new RTCPeerConnection({bundlePolicy: 'max-bundle'});
  for (const track of stream.getTracks()) pc.addTransceiver(track, {direction: 'sendonly'});
  window.whip = new WHIPClient();
  await window.whip.publish(pc, url);
  window.pc = pc;
};
</script>`;

const playerPage = `<video id="remote" autoplay muted playsinline></video>
<script type="module">
import {WHEPClient} from '/whip-whep/whep.js';
window.play = async (url) => {
  const pc = new RTCPeerConnection({bundlePolicy: 'max-bundle'});
  pc.addTransceiver('video', {direction: 'recvonly'});
  pc.addTransceiver('audio', {direction: 'recvonly'});
  const stream = new MediaStream();
  pc.ontrack = (event) => {
    stream.addTrack(event.track);
    document.getElementById('remote').srcObject = stream;
  };
  window.whep = new WHEPClient();
  await window.whep.view(pc, url);
  window.pc = pc;
};
</script>`;

test('whip-whep: a WHIP publisher reaches a WHEP player and a viewer page, relayed', async () => {
  const publisher = await openForeignPage('/publish', publisherPage);
  await publisher.page.waitForFunction(() => typeof window.publish === 'function');
  await publisher.page.evaluate((url) => window.publish(url), `${env.server.url}/broadcaster/whip`);
  await eventually(
      async () => (await publisher.page.evaluate(() => window.pc.connectionState)) === 'connected',
      10000, 'the publisher connects');

  const player = await openForeignPage('/play', playerPage);
  await player.page.waitForFunction(() => typeof window.play === 'function');
  await player.page.evaluate((url) => window.play(url), `${env.server.url}/viewer/whep`);
  const played = await waitUntilPlaying(player.page, 'remote', 20000);
  console.log(`WHEP player: ${JSON.stringify(played)}`);
  assert.ok(played.frames > 10, `frames decoded: ${played.frames}`);

  // This project's own viewer page plays the same broadcast.
  const viewer = await openAndStart(env, 'viewer');
  const viewed = await waitUntilPlaying(viewer.page, 'remote', 20000);
  assert.equal(viewed.width, played.width);

  // Both viewers get the publisher's frames as they came, none re-encoded.
  assert.equal(await env.server.metric('webrtc_examples_relay_peers{mode="relay"}'), 2);
  assert.equal(await env.server.metric('webrtc_examples_relay_peers{mode="reencode"}'), 0);
  await screenshot(player.page, 'whep-player');

  // stop() DELETEs each session's Location, cross-origin as well.
  await player.page.evaluate(() => window.whep.stop());
  await publisher.page.evaluate(() => window.whip.stop());
  await eventually(
      async () => (await env.server.openConnections('broadcaster')).length === 0, 5000,
      'the WHIP session ends');
  await eventually(
      async () => (await env.server.openConnections('viewer')).length === 1, 5000,
      'the WHEP session ends; the viewer page stays');
  assert.deepEqual(publisher.errors, []);
  assert.deepEqual(player.errors, []);
  assert.deepEqual(viewer.errors, []);
  for (const page of [publisher.page, player.page, viewer.page]) await page.close();
});
