// WHIP and WHEP with clients nobody here wrote: npm's whip-whep (WHIPClient,
// WHEPClient) in Debian's chromium. The pages come from another origin
// (http://localhost:8123, answered by playwright, no server behind it), so
// every request to our server is cross-origin and needs its CORS headers.
// whip-whep posts its offer before gathering and trickles its candidates
// with PATCH.
import assert from 'node:assert/strict';
import {readFile} from 'node:fs/promises';
import {dirname, join} from 'node:path';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';

import {eventually, openAndStart, screenshot, useServerAndBrowser, watchErrors} from './harness.mjs';

const env = useServerAndBrowser();
const here = dirname(fileURLToPath(import.meta.url));
const origin = 'http://localhost:8123';

// Serves `body` at origin + '/' and whip-whep's modules under /whip-whep/.
async function openForeignPage(body) {
  const page = await env.browser.newPage();
  const errors = watchErrors(page);
  await page.route(`${origin}/**`, async (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path.startsWith('/whip-whep/')) {
      const file = join(here, 'node_modules/whip-whep', path.slice('/whip-whep/'.length));
      await route.fulfill({body: await readFile(file), contentType: 'text/javascript'});
    } else {
      await route.fulfill({body: `<!doctype html><body>${body}</body>`, contentType: 'text/html'});
    }
  });
  await page.goto(`${origin}/`);
  return {page, errors};
}

// Waits until <video id=ID> has decoded pictures and its time moves on.
async function waitUntilPlaying(page, id) {
  await page.waitForFunction((id) => {
    const video = document.getElementById(id);
    return video && video.videoWidth > 0 && video.currentTime > 0.5;
  }, id, {timeout: 20000});
  const first = await page.locator(`#${id}`).evaluate((v) => v.currentTime);
  await eventually(
      async () => (await page.locator(`#${id}`).evaluate((v) => v.currentTime)) > first + 0.5, 5000,
      `#${id} keeps playing`);
  return page.locator(`#${id}`).evaluate(
      (v) => ({width: v.videoWidth, frames: v.getVideoPlaybackQuality().totalVideoFrames}));
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
  const publisher = await openForeignPage(publisherPage);
  await publisher.page.waitForFunction(() => typeof window.publish === 'function');
  await publisher.page.evaluate((url) => window.publish(url), `${env.server.url}/broadcaster/whip`);
  await eventually(
      async () => (await publisher.page.evaluate(() => window.pc.connectionState)) === 'connected',
      10000, 'the publisher connects');

  const player = await openForeignPage(playerPage);
  await player.page.waitForFunction(() => typeof window.play === 'function');
  await player.page.evaluate((url) => window.play(url), `${env.server.url}/viewer/whep`);
  const played = await waitUntilPlaying(player.page, 'remote');
  console.log(`WHEP player: ${JSON.stringify(played)}`);
  assert.ok(played.frames > 10, `frames decoded: ${played.frames}`);

  // This project's own viewer page plays the same broadcast.
  const viewer = await openAndStart(env, 'viewer');
  const viewed = await waitUntilPlaying(viewer.page, 'remote');
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
