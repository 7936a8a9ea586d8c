// The pages in Debian's firefox-esr, driven by puppeteer-core over WebDriver
// BiDi, with Firefox's fake camera and microphone (run through run.sh): ping-pong gets pongs, the
// data-channel echo completes, the video pages play what the server sends
// back, and Stop leaves no connection open. Firefox missing is a failure,
// not a skip (scripts/install-deps.sh installs it).
import assert from 'node:assert/strict';
import {existsSync} from 'node:fs';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, test} from 'node:test';

import {eventually, screenshot, startServer} from '../browser/harness.mjs';

const firefoxBinary = process.env.FIREFOX || '/usr/bin/firefox-esr';
const env = {server: null, browser: null, profile: null};

before(async () => {
  assert.ok(existsSync(firefoxBinary), `no firefox at ${firefoxBinary}: run scripts/install-deps.sh`);
  const {default: puppeteer} = await import('puppeteer-core');
  // Firefox pairs only its own interfaces' addresses: see run.sh.
  const address = process.env.FIREFOX_ICE_ADDRESS;
  assert.ok(address, 'FIREFOX_ICE_ADDRESS is not set: run the tests through run.sh');
  env.server = await startServer({flags: ['--ice-allow', address]});
  env.profile = await mkdtemp(join(tmpdir(), 'webrtc-examples-firefox-'));
  env.browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxBinary,
    headless: true,
    userDataDir: env.profile,
    extraPrefsFirefox: {
      'media.navigator.streams.fake': true,
      'media.navigator.permission.disabled': true,
      'media.autoplay.default': 0,
    },
  });
});

after(async () => {
  await env.browser?.close();
  if (env.profile) await rm(env.profile, {recursive: true, force: true});
  const code = await env.server?.stop();
  assert.equal(code, 0, `server exit status; its output:\n${env.server?.output()}`);
});

// Opens /NAME/, presses Start; returns the page and its error list.
async function start(name) {
  const page = await env.browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  await page.goto(`${env.server.url}/${name}/`);
  await page.waitForFunction(() => !document.getElementById('start').disabled, {timeout: 10000});
  await page.click('#start');
  return {page, errors};
}

async function stop(page, name, errors) {
  await screenshot(page, `firefox-${name}`);  // makes the directory on a first run
  await page.click('#stop');
  await eventually(async () => (await env.server.openConnections(name)).length === 0, 5000,
                   'the server closes the connection');
  assert.deepEqual(errors, []);
  await page.close();
}

// Waits until <video id> has pictures and its time moves on; its frames.
async function playing(page, id) {
  await page.waitForFunction((id) => {
    const video = document.getElementById(id);
    return video && video.videoWidth > 0 && video.currentTime > 0.5;
  }, {timeout: 20000}, id);
  const time = () => page.evaluate((id) => document.getElementById(id).currentTime, id);
  const first = await time();
  await eventually(async () => (await time()) > first + 0.5, 5000, `#${id} keeps playing`);
  return page.evaluate((id) => {
    const video = document.getElementById(id);
    return {width: video.videoWidth, height: video.videoHeight};
  }, id);
}

test('ping-pong: pongs come back', async () => {
  const {page, errors} = await start('ping-pong');
  await page.waitForFunction(
      () => Number(document.getElementById('pong-count')?.textContent) >= 2, {timeout: 10000});
  await stop(page, 'ping-pong', errors);
});

test('datachannel-buffer-limits: the echo completes', async () => {
  const {page, errors} = await start('datachannel-buffer-limits');
  await page.waitForFunction(
      () => ['done', 'failed'].includes(document.getElementById('phase')?.dataset.phase),
      {timeout: 60000});
  const text = (id) => page.evaluate((id) => document.getElementById(id).textContent.trim(), id);
  assert.match(await text('phase'), /^Done: 16 MiB went to the server at \d+\.\d Mbit\/s/,
               `log: ${await text('log')}`);
  assert.equal(await text('received'), '16.0 MiB');
  console.log(`firefox: upload ${await text('upload-rate')}, download ${
      await text('download-rate')}`);
  await stop(page, 'datachannel-buffer-limits', errors);
});

test('audio-video-loopback: the camera comes back and plays', async () => {
  const {page, errors} = await start('audio-video-loopback');
  const remote = await playing(page, 'remote');
  assert.ok(remote.width > 0 && remote.height > 0, JSON.stringify(remote));
  await stop(page, 'audio-video-loopback', errors);
});

test('broadcaster and viewer: the viewer plays the relayed broadcast', async () => {
  const relayed = 'webrtc_examples_relay_frames_sent_total';
  const before = await env.server.metric(relayed);
  const {page: viewer, errors: viewerErrors} = await start('viewer');
  const {page: broadcaster, errors: broadcasterErrors} = await start('broadcaster');
  await broadcaster.waitForFunction(
      () => document.getElementById('viewers')?.textContent === '1', {timeout: 10000});
  const remote = await playing(viewer, 'remote');
  assert.ok(remote.width > 0 && remote.height > 0, JSON.stringify(remote));
  // Firefox's own encoded video reached Firefox, relayed, not re-encoded.
  assert.equal(await env.server.metric('webrtc_examples_relay_peers{mode="relay"}'), 1);
  assert.equal(await env.server.metric('webrtc_examples_relay_switches_total{to="reencode"}'), 0);
  assert.ok(await env.server.metric(relayed) > before + 30);
  await stop(broadcaster, 'broadcaster', broadcasterErrors);
  await stop(viewer, 'viewer', viewerErrors);
});

test('video-compositing: the composited 640x480 picture plays', async () => {
  const {page, errors} = await start('video-compositing');
  const remote = await playing(page, 'remote');
  assert.deepEqual([remote.width, remote.height], [640, 480]);
  await stop(page, 'video-compositing', errors);
});
