// What every browser test needs: our server on a free loopback port, and
// Debian's chromium driven by playwright-core (never a downloaded browser).
// Anything missing is an error, not a skip: see CMakeLists.txt, test "browser".
import assert from 'node:assert/strict';
import {spawn} from 'node:child_process';
import {existsSync} from 'node:fs';
import {mkdir, mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {dirname, join, resolve} from 'node:path';
import {after, before} from 'node:test';
import {fileURLToPath} from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const screenshotDir = join(here, 'screenshots');

const serverBinary =
    process.env.WEBRTC_EXAMPLES_BIN || resolve(here, '../../build/webrtc-examples');
const chromiumBinary = process.env.CHROMIUM || '/usr/bin/chromium';

// DESIGN.md "Tests": without --allow-loopback-in-peer-connection chromium
// ignores 127.0.0.1 and never connects to a loopback-only server.
const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
  '--allow-loopback-in-peer-connection',
];

// Starts build/webrtc-examples on a port the kernel picks (--port 0; the
// server logs the one it bound) with ICE limited to loopback; `flags` adds
// server flags.
export async function startServer({flags = []} = {}) {
  if (!existsSync(serverBinary)) {
    throw new Error(`no server binary at ${serverBinary}: build first (cd build && ninja)`);
  }
  // Recordings go to a fresh temporary directory, removed when it stops.
  const recordDir = await mkdtemp(join(tmpdir(), 'wx-browser-recordings-'));
  const child = spawn(
      serverBinary,
      [
        '--host',
        '127.0.0.1',
        '--port',
        '0',
        '--ice-allow',
        '127.0.0.1',
        '--record-dir',
        recordDir,
        ...flags,
      ],
      {stdio: ['ignore', 'pipe', 'pipe']});
  let output = '';
  const port = await new Promise((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20000);
    const read = (chunk) => {
      output += chunk;
      const match = output.match(/listening on https?:\/\/[^\s:]+:(\d+)/);
      if (match) {
        clearTimeout(timer);
        resolvePort(Number(match[1]));
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${output}`));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    output: () => output,
    async json(path) {
      const response = await fetch(url + path);
      if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
      return response.json();
    },
    // One sample of GET /metrics, by its name and labels as written there
    // (e.g. 'webrtc_examples_relay_peers{mode="relay"}'); null if absent.
    async metric(sample) {
      const response = await fetch(url + '/metrics');
      if (!response.ok) throw new Error(`GET /metrics: ${response.status}`);
      for (const line of (await response.text()).split('\n')) {
        if (line.startsWith(sample + ' ')) return Number(line.slice(sample.length + 1));
      }
      return null;
    },
    // GET /NAME/connections, without the ones the server has closed.
    async openConnections(name) {
      const all = await this.json(`/${name}/connections`);
      return all.filter((connection) => connection.state !== 'closed');
    },
    // SIGTERM closes every connection and exits 0 (README "Server flags").
    async stop() {
      let code = child.exitCode;
      if (code === null) {
        const exited = new Promise((done) => child.once('exit', (status) => done(status)));
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 10000);
        code = await exited;
        clearTimeout(killer);
      }
      await rm(recordDir, {recursive: true, force: true});
      return code;
    },
  };
}

// A fresh profile every run, so no earlier state (permissions, cache) leaks
// in. `args` adds chromium flags.
export async function launchBrowser({args = []} = {}) {
  if (!existsSync(chromiumBinary)) {
    throw new Error(`no chromium at ${chromiumBinary}: run scripts/install-deps.sh`);
  }
  let chromium;
  try {
    ({chromium} = await import('playwright-core'));
  } catch (error) {
    throw new Error(`playwright-core is missing (run npm ci in tests/browser): ${error.message}`);
  }
  const userDataDir = await mkdtemp(join(tmpdir(), 'webrtc-examples-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumBinary,
    headless: true,
    args: [...chromiumFlags, ...args],
    viewport: {width: 1000, height: 860},
  });
  return {
    context,
    newPage: () => context.newPage(),
    async close() {
      await context.close();
      await rm(userDataDir, {recursive: true, force: true});
    },
  };
}

export async function screenshot(page, name) {
  await mkdir(screenshotDir, {recursive: true});
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({path, fullPage: true});
  return path;
}

// Page errors and console errors fail a test: a broken page that still
// happens to show the right text is not a working page. Returns the list the
// test asserts empty at its end.
export function watchErrors(page) {
  const errors = [];
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return errors;
}

// Opens the example page /NAME/ in a new page, waits until it can start and
// presses Start. Returns the page and its error list (see watchErrors).
export async function openAndStart(env, name) {
  const page = await env.browser.newPage();
  const errors = watchErrors(page);
  await page.goto(`${env.server.url}/${name}/`);
  await page.waitForFunction(
      () => !document.getElementById('start').disabled, null, {timeout: 5000});
  await page.getByRole('button', {name: 'Start'}).click();
  return {page, errors};
}

// Polls `check` until it returns a truthy value or `timeoutMs` passes.
// Loads the page's <video id="recording">, plays it muted for a second and
// returns {width, height, time, duration}; throws when it does not load.
export async function playRecording(page) {
  return page.locator('#recording').evaluate(async (video) => {
    video.muted = true;
    await new Promise((done, fail) => {
      if (video.readyState >= 2) return done();
      video.addEventListener('loadeddata', done, {once: true});
      video.addEventListener('error', () => fail(new Error('the recording does not load')));
    });
    await video.play();
    await new Promise((done) => setTimeout(done, 1000));
    return {
      width: video.videoWidth,
      height: video.videoHeight,
      time: video.currentTime,
      duration: video.duration,
    };
  });
}

export async function eventually(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await check();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

// One server and one browser for a test file: started before its first test,
// stopped after its last, and the server must then exit cleanly (status 0).
// Returns an object whose `server` and `browser` are set once started.
export function useServerAndBrowser({flags = []} = {}) {
  const env = {server: null, browser: null};
  before(async () => {
    env.server = await startServer({flags});
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    const code = await env.server?.stop();
    assert.equal(code, 0, `server exit status; its output:\n${env.server?.output()}`);
  });
  return env;
}

// Waits until the page's <video id=ID> has decoded pictures and its time
// moves on; returns its {width, height, frames} (frames decoded so far).
export async function waitUntilPlaying(page, id, timeoutMs = 15000) {
  await page.waitForFunction((id) => {
    const video = document.getElementById(id);
    return video && video.videoWidth > 0 && video.currentTime > 0.5;
  }, id, {timeout: timeoutMs});
  const first = await page.locator(`#${id}`).evaluate((v) => v.currentTime);
  await eventually(
      async () => (await page.locator(`#${id}`).evaluate((v) => v.currentTime)) > first + 0.5, 5000,
      `#${id} keeps playing`);
  return page.locator(`#${id}`).evaluate((v) => ({
                                           width: v.videoWidth,
                                           height: v.videoHeight,
                                           frames: v.getVideoPlaybackQuality().totalVideoFrames,
                                         }));
}
