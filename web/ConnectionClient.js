// The browser's answering side of the REST contract (README "REST API"):
// the server offers, we answer. One ConnectionClient per example prefix:
// the example page's own folder, so behind a reverse proxy's path prefix
// (/webrtc/ping-pong/) the calls go through the proxy too.
//
//   const client = new ConnectionClient(new URL('.', location.href).pathname);
//   const connection = await client.connect({beforeAnswer, onServerClose});
//   ...
//   await connection.close();  // closes the peer and DELETEs it on the server

// While ICE is disconnected, how often the page asks the server whether it
// still holds the connection: with the network gone no event says that the
// server gave up on the peer (its --time-to-reconnected-ms, 10 s).
const kAskWhileDisconnectedMs = 2000;

// Adds stereo=1 to the opus a=fmtp line, so the server's stereo audio is not
// downmixed: browsers answer mono unless told.
export function withStereoOpus(sdp) {
  const opus = sdp.match(/^a=rtpmap:(\d+) opus\/48000\/2\r?$/im);
  if (!opus) return sdp;
  const fmtp = new RegExp(`^(a=fmtp:${opus[1]} )(.*?)(\r?)$`, 'gm');
  return sdp.replace(fmtp, (line, head, params, cr) => {
    if (/(^|;)\s*stereo=1/.test(params)) return line;
    return `${head}${params ? `${params};` : ''}stereo=1${cr}`;
  });
}

async function request(method, url, body) {
  const init = {method, headers: {}};
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(url, init);
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON: fall through with the raw text as the error.
  }
  if (!response.ok) {
    const why = (json && json.error) || text || response.statusText;
    throw new Error(`${method} ${url}: ${response.status} ${why}`);
  }
  return json;
}

export class Connection {
  constructor(url, pc, cleanup) {
    this.url = url;  // /NAME/connections/ID
    this.id = url.slice(url.lastIndexOf('/') + 1);
    this.pc = pc;
    this.cleanup = cleanup;
    this.closed = false;
    this.closedByServer = false;
  }

  // Whether the server has closed this connection: GET answers 404, or
  // the connection with state "closed". No answer counts as not closed.
  async closedOnServer() {
    try {
      const response = await fetch(this.url, {cache: 'no-store'});
      if (response.status === 404) return true;
      return response.ok && (await response.json()).state === 'closed';
    } catch {
      return false;
    }
  }

  // Calls onServerClose(reason) once when the server closes this connection
  // while we hold it: a DELETE from elsewhere, its timeouts, its shutdown.
  //  - A DTLS transport that closes got the server's close_notify, which
  //    its close sends: that alone says it, at once.
  //  - Without RTCDtlsTransport, a data channel that closes hints it, and
  //    GET this.url confirms it (an example may close a channel on purpose).
  //  - While ICE is disconnected nothing arrives at all: ask the server
  //    every few seconds until ICE comes back.
  watchServer(onServerClose) {
    const pc = this.pc;
    let timer = null;
    let asking = false;
    const closedByServer = () => {
      if (this.closed || this.closedByServer) return;
      clearInterval(timer);
      this.closedByServer = true;
      onServerClose('The server closed this connection');
    };
    const ask = async () => {
      if (this.closed || asking) return;
      asking = true;
      const closed = await this.closedOnServer();
      asking = false;
      if (closed) closedByServer();
    };
    const transports = new Set();
    const watchTransport = (transport) => {
      if (!transport || transports.has(transport)) return;
      transports.add(transport);
      transport.addEventListener('statechange', () => {
        if (transport.state === 'closed') closedByServer();
      });
    };
    pc.addEventListener('datachannel', ({channel}) => {
      channel.addEventListener('close', () => {
        if (transports.size === 0) ask();
      });
    });
    pc.addEventListener('iceconnectionstatechange', () => {
      const state = pc.iceConnectionState;
      clearInterval(timer);
      if (state === 'connected' || state === 'completed') {
        // Every transport exists by now (undefined in a browser without
        // RTCDtlsTransport).
        watchTransport(pc.sctp?.transport);
        for (const {sender} of pc.getTransceivers()) watchTransport(sender.transport);
      } else if (state === 'disconnected') {
        ask();
        timer = setInterval(ask, kAskWhileDisconnectedMs);
      }
    });
  }

  // Closes our peer, runs the example's cleanup and DELETEs the server's
  // peer. Resolves to the DELETE answer (the closed connection, with any
  // fields the example adds), or null when there is none: closed before, or
  // the server had closed it already (watchServer saw it, or a 404).
  async close() {
    if (this.closed) return null;
    this.closed = true;
    try {
      if (typeof this.cleanup === 'function') this.cleanup();
    } finally {
      this.pc.close();
    }
    if (this.closedByServer) return null;
    try {
      return await request('DELETE', this.url);
    } catch (error) {
      if (!/: 404 /.test(error.message)) throw error;
      return null;
    }
  }

  // For pagehide: the page may be gone before an ordinary fetch completes.
  closeOnUnload() {
    if (this.closed) return;
    this.closed = true;
    this.pc.close();
    fetch(this.url, {method: 'DELETE', keepalive: true}).catch(() => {});
  }
}

const kCandidateWaitMs = 2000;

// Resolves when `pc` has gathered all its candidates, or after `ms`.
function gathered(pc, ms) {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', check);
      resolve();
    };
    const check = () => {
      if (pc.iceGatheringState === 'complete') done();
    };
    const timer = setTimeout(done, ms);
    pc.addEventListener('icegatheringstatechange', check);
  });
}

export class ConnectionClient {
  constructor(prefix) {
    this.prefix = prefix.replace(/\/$/, '');  // e.g. /ping-pong, /webrtc/ping-pong
  }

  // GET ice-servers.json beside the examples: RTCConfiguration.iceServers.
  // A server without it (the original's) means none.
  async iceServers() {
    try {
      const response = await fetch(`${this.prefix}/../ice-servers.json`, {cache: 'no-store'});
      return response.ok ? await response.json() : [];
    } catch {
      return [];
    }
  }

  // Options:
  //   beforeAnswer(pc): runs after the offer is applied and before the
  //     answer is made (add tracks, listen for channels). May return a
  //     function, called when the connection closes.
  //   stereo: answer Opus with stereo=1.
  //   onPeer(pc): sees the peer as soon as it exists (to watch its states).
  //   onServerClose(reason): the server closed the connection (see
  //     Connection.watchServer); close() then sends no DELETE.
  //   log(text): told each step, for the page's log.
  async connect({
    beforeAnswer = () => {},
    stereo = false,
    onPeer = () => {},
    onServerClose = () => {},
    log = () => {},
  } = {}) {
    log(`POST ${this.prefix}/connections: asking the server for an offer`);
    const remote = await request('POST', `${this.prefix}/connections`);
    const url = `${this.prefix}/connections/${remote.id}`;
    log(`offer received: connection ${remote.id}`);
    // The STUN and TURN servers the server was started with (--ice-server);
    // usually none: the server's offer already lists its host candidates.
    const iceServers = await this.iceServers();
    if (iceServers.length) log(`ICE servers: ${iceServers.map((s) => s.urls).join(', ')}`);
    const pc = new RTCPeerConnection({iceServers});
    const connection = new Connection(url, pc, null);
    onPeer(pc);
    connection.watchServer(onServerClose);
    try {
      await pc.setRemoteDescription(remote.localDescription);
      connection.cleanup = await beforeAnswer(pc);
      const answer = await pc.createAnswer();
      if (stereo) answer.sdp = withStereoOpus(answer.sdp);
      await pc.setLocalDescription(answer);
      // Without ICE servers, no waiting for our candidates: the server knows
      // its own, and learns ours from our connectivity checks (peer-reflexive
      // candidates). With them, the answer must carry our reflexive and
      // relayed candidates: wait for gathering, 2 s at most.
      if (iceServers.length) await gathered(pc, kCandidateWaitMs);
      await request('POST', `${url}/remote-description`, {
        type: pc.localDescription.type,
        sdp: pc.localDescription.sdp,
      });
      log(`answer sent: POST ${url}/remote-description`);
    } catch (error) {
      await connection.close().catch(() => {});
      throw error;
    }
    return connection;
  }
}
