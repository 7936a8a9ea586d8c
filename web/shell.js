// The page every example shares (web/example.html, served at /NAME/): name,
// description, Start and Stop, the connection's state trail and a log. The
// example itself lives in /NAME/client.js, an ES module that exports
//   beforeAnswer(pc, page)  required. Runs before the answer is made (add
//                           tracks, listen for channels); may return a
//                           cleanup function. page.area is the example's own
//                           part of the page; page.log(text) writes the log.
//   stereo                  optional; true to answer Opus in stereo.
//   afterClose(answer, page) optional. Runs after Stop with the server's
//                           DELETE answer (the closed connection and any
//                           fields the example adds), or null.
//   options(box)            optional. Runs once when the page loads, to put
//                           inputs the example reads on Start into `box` (a
//                           fieldset). The shell disables them while
//                           connected and will not start while one of them
//                           is invalid (their min, max, required...).
// Every URL is relative to the page, so behind a reverse proxy the site can
// live under any path prefix (/webrtc/ping-pong/): the example's name is the
// page's folder, the last one in the path, not the first.
// Every page also gets the statistics panel (web/stats.js): nothing to add
// in client.js.
import {ConnectionClient} from './ConnectionClient.js';
import {StatsPanel} from './stats.js';

const $ = (id) => document.getElementById(id);
const name = decodeURIComponent(location.pathname.split('/').slice(-2)[0] || '');
const ui = {
  name: $('name'),
  description: $('description'),
  start: $('start'),
  stop: $('stop'),
  status: $('status'),
  options: $('options'),
  trail: $('trail'),
  area: $('example'),
  log: $('log'),
};
const statsPanel = new StatsPanel($('stats'));

let example = null;     // the imported client.js
let connection = null;  // the open Connection, if any

function log(text, kind = 'info') {
  const line = document.createElement('div');
  line.className = `log-line log-${kind}`;
  const time = new Date().toLocaleTimeString([], {hour12: false});
  line.textContent = `${time}  ${text}`;
  ui.log.append(line);
  ui.log.scrollTop = ui.log.scrollHeight;
}

function setStatus(text, kind = 'info') {
  ui.status.textContent = text;
  ui.status.className = `status status-${kind}`;
}

// The trail shows each ICE connection state once, in order, so a reader sees
// how far the connection got: new → checking → connected → closed.
function addState(state) {
  const last = ui.trail.lastElementChild;
  if (last && last.dataset.state === state) return;
  if (last) last.classList.remove('current');
  const item = document.createElement('li');
  item.dataset.state = state;
  item.className = `state state-${state} current`;
  item.textContent = state;
  ui.trail.append(item);
}

function watch(pc) {
  addState(pc.iceConnectionState);
  pc.addEventListener('iceconnectionstatechange', () => {
    const state = pc.iceConnectionState;
    addState(state);
    log(`ICE connection state: ${state}`);
    if (state === 'connected' || state === 'completed') setStatus('Connected', 'ok');
    if (state === 'disconnected') setStatus('Connection interrupted; waiting…', 'warn');
    if (state === 'failed') stop('The connection failed');
  });
}

// Shows the browser's own message at the first invalid input, so a wrong
// value is explained where it was typed rather than by a failed connection.
function optionsAreValid() {
  return [...ui.options.elements].every((input) => input.reportValidity());
}

async function start() {
  if (!optionsAreValid()) return;
  ui.start.disabled = true;
  ui.options.disabled = true;
  ui.trail.replaceChildren();
  ui.area.replaceChildren();
  setStatus('Connecting…');
  const client = new ConnectionClient(new URL('.', location.href).pathname);
  const page = {area: ui.area, log};
  try {
    connection = await client.connect({
      beforeAnswer: (pc) => example.beforeAnswer(pc, page),
      stereo: Boolean(example.stereo),
      onPeer: watch,
      onServerClose: (reason) => stop(reason),
      log,
    });
    ui.stop.disabled = false;
    statsPanel.start(connection.pc, connection.url);
  } catch (error) {
    log(error.message, 'error');
    setStatus(`Could not connect: ${error.message}`, 'error');
    addState('closed');
    ui.options.disabled = false;
    ui.start.disabled = false;
  }
}

// Stop, or the end of a connection the page did not ask for: `ended` says
// why ("The connection failed", "The server closed this connection").
async function stop(ended = null) {
  if (!connection) return;
  const closing = connection;
  connection = null;
  statsPanel.stop();
  ui.stop.disabled = true;
  if (ended) log(ended, 'error');
  try {
    const answer = await closing.close();
    if (!closing.closedByServer) log(`DELETE ${closing.url}: closed on the server too`);
    if (typeof example.afterClose === 'function') example.afterClose(answer, {area: ui.area, log});
    if (ended) {
      setStatus(`${ended}. Press Start to connect again.`, 'error');
    } else {
      setStatus('Stopped. Press Start to connect again.');
    }
  } catch (error) {
    log(error.message, 'error');
    setStatus(`Stopped, but the server said: ${error.message}`, 'error');
  }
  addState('closed');
  ui.options.disabled = false;
  ui.start.disabled = false;
}

async function describe() {
  const response = await fetch('../examples.json');
  if (!response.ok) throw new Error(`GET ../examples.json: ${response.status}`);
  const entry = (await response.json()).find((e) => e.name === name);
  if (!entry) throw new Error(`there is no example named "${name}"`);
  document.title = `${entry.name} · webrtc-examples`;
  ui.name.textContent = entry.name;
  ui.description.textContent = entry.description;
}

async function load() {
  ui.name.textContent = name;
  try {
    await describe();
    example = await import(new URL('client.js', location.href).href);
    if (typeof example.beforeAnswer !== 'function') {
      throw new Error(`${name}/client.js exports no beforeAnswer`);
    }
    if (typeof example.options === 'function') {
      example.options(ui.options);
      ui.options.hidden = false;
    }
  } catch (error) {
    log(error.message, 'error');
    setStatus(`This page cannot start: ${error.message}`, 'error');
    return;
  }
  ui.start.addEventListener('click', start);
  ui.stop.addEventListener('click', () => stop());
  // Leaving the page must not leave the server's peer waiting for its timers.
  addEventListener('pagehide', () => connection && connection.closeOnUnload());
  ui.start.disabled = false;
  setStatus('Ready. Press Start to connect.');
  if (!window.isSecureContext) {
    // Said before Start: only pages that use the camera or microphone fail.
    log('This page is not a secure context (plain http from another host): examples that ' +
        'send the camera or microphone cannot start here, the others can. See the README: https.');
  }
}

load();
