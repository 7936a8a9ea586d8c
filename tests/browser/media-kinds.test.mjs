// The camera pages on a machine with a microphone and no camera (and the
// reverse): the page says what is missing and works with what exists; the
// server records it, and broadcasts it live. "No camera" is made by an init
// script: getUserMedia refuses that kind as a browser without the device
// does (NotFoundError), and enumerateDevices does not list it.
import assert from 'node:assert/strict';
import {test} from 'node:test';

import {eventually, playRecording, screenshot, useServerAndBrowser, watchErrors} from './harness.mjs';

const env = useServerAndBrowser();

// Runs in the page before its scripts: `kind` ('video' or 'audio') does not exist.
function withoutDevice(kind) {
  const devices = navigator.mediaDevices;
  const getUserMedia = devices.getUserMedia.bind(devices);
  const enumerateDevices = devices.enumerateDevices.bind(devices);
  devices.getUserMedia = async (constraints) => {
    if (constraints && constraints[kind]) {
      throw new DOMException('Requested device not found', 'NotFoundError');
    }
    return getUserMedia(constraints);
  };
  devices.enumerateDevices = async () =>
      (await enumerateDevices()).filter((d) => d.kind !== `${kind}input`);
}

// Opens /NAME/ in a page that has no `kind` device and presses Start.
async function openWithout(kind, name) {
  const page = await env.browser.newPage();
  const errors = watchErrors(page);
  await page.addInitScript(withoutDevice, kind);
  await page.goto(`${env.server.url}/${name}/`);
  await page.waitForFunction(
      () => !document.getElementById('start').disabled, null, {timeout: 5000});
  await page.getByRole('button', {name: 'Start'}).click();
  return {page, errors};
}

async function waitConnected(page) {
  await page.waitForFunction(
      () => /connected/.test(document.getElementById('trail')?.textContent), null,
      {timeout: 10000});
}

for (const [kind, missing, recorded] of [
         ['video', 'camera', 'audio only'], ['audio', 'microphone', 'video only']]) {
  test(`record-audio-video-stream with no ${missing}: records ${recorded}`, async () => {
    const name = 'record-audio-video-stream';
    const {page, errors} = await openWithout(kind, name);
    const note = page.locator('#media-missing');
    await note.waitFor({timeout: 10000});
    assert.equal(await note.getAttribute('data-missing'), missing);
    assert.match(await note.textContent(), new RegExp(`no ${missing}`));
    await waitConnected(page);
    await screenshot(page, `${name}-no-${missing}`);
    await new Promise((done) => setTimeout(done, 3000));
    await page.getByRole('button', {name: 'Stop'}).click();

    const link = page.locator('#recording-link');
    await link.waitFor({timeout: 15000});
    assert.equal(await page.locator('#recording-state').getAttribute('data-kinds'), recorded);
    // The file plays in the page: time moves on, with a picture only if video.
    const played = await playRecording(page);
    console.log(`${recorded} recording plays: ${JSON.stringify(played)}`);
    assert.ok(played.time > 0.5, JSON.stringify(played));
    assert.equal(played.width > 0, kind === 'audio', JSON.stringify(played));
    await screenshot(page, `${name}-no-${missing}-played`);
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test('broadcaster with no camera: the viewer gets a live broadcast of audio', async () => {
  const viewer = await env.browser.newPage();
  const viewerErrors = watchErrors(viewer);
  await viewer.goto(`${env.server.url}/viewer/`);
  await viewer.waitForFunction(
      () => !document.getElementById('start').disabled, null, {timeout: 5000});
  await viewer.getByRole('button', {name: 'Start'}).click();
  await viewer.waitForFunction(
      () => document.getElementById('broadcast')?.dataset.state === 'waiting', null,
      {timeout: 10000});
  assert.equal(await viewer.locator('#remote-info').textContent(), '');

  const {page: broadcaster, errors} = await openWithout('video', 'broadcaster');
  await broadcaster.locator('#media-missing').waitFor({timeout: 10000});
  assert.equal(await broadcaster.locator('#media-missing').getAttribute('data-missing'), 'camera');
  await viewer.waitForFunction(
      () => document.getElementById('broadcast')?.dataset.state === 'live', null, {timeout: 10000});
  // The broadcast's audio reaches the viewer: its <video> plays the tone
  // (WebAudio hears a remote track while a media element plays it).
  const peak = await eventually(async () => {
    const heard = await viewer.locator('#remote').evaluate(async (video) => {
      const [track] = video.srcObject.getAudioTracks();
      const context = new AudioContext();
      const analyser = context.createAnalyser();
      context.createMediaStreamSource(new MediaStream([track])).connect(analyser);
      // The loudest sample over a second (chromium's fake microphone beeps).
      const samples = new Float32Array(analyser.fftSize);
      let peak = 0;
      for (const end = Date.now() + 1000; Date.now() < end;) {
        await new Promise((done) => setTimeout(done, 20));
        analyser.getFloatTimeDomainData(samples);
        peak = samples.reduce((max, x) => Math.max(max, Math.abs(x)), peak);
      }
      await context.close();
      return peak;
    });
    return heard > 0.01 && heard;
  }, 10000, 'the viewer hears the broadcast');
  console.log(`the viewer hears a peak of ${peak.toFixed(3)}`);
  await viewer.waitForFunction(
      () => /sound only, no picture/.test(document.getElementById('remote-info')?.textContent),
      null, {timeout: 5000});
  await screenshot(broadcaster, 'broadcaster-no-camera');
  await screenshot(viewer, 'viewer-audio-only');
  await broadcaster.getByRole('button', {name: 'Stop'}).click();
  await viewer.waitForFunction(
      () => document.getElementById('broadcast')?.dataset.state === 'waiting', null,
      {timeout: 10000});
  await viewer.getByRole('button', {name: 'Stop'}).click();
  assert.deepEqual(errors, []);
  assert.deepEqual(viewerErrors, []);
  await broadcaster.close();
  await viewer.close();
});

test('video-compositing with no camera: says so instead of connecting', async () => {
  const {page, errors} = await openWithout('video', 'video-compositing');
  await page.waitForFunction(
      () => /Could not connect: nothing to send: this browser has no camera/.test(
          document.getElementById('status')?.textContent),
      null, {timeout: 10000});
  await eventually(
      async () => (await env.server.openConnections('video-compositing')).length === 0, 5000,
      'no connection stays open on the server');
  assert.deepEqual(errors, []);
  await page.close();
});
