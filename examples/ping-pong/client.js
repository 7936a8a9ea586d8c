// ping-pong, browser half: on the server's "ping-pong" data channel, send
// "ping" every second and show each "pong" with its round-trip time.
// Loaded by web/shell.js; see there for beforeAnswer's contract.

const kShownPongs = 10;  // newest first; older ones only count

function makeView(area) {
  area.innerHTML = `
    <div class="stats">
      <div class="stat"><span class="label">Pings sent</span>
        <span class="value" id="ping-count">0</span></div>
      <div class="stat"><span class="label">Pongs received</span>
        <span class="value" id="pong-count">0</span></div>
      <div class="stat"><span class="label">Last round trip</span>
        <span class="value" id="rtt">–</span></div>
    </div>
    <ul class="lines" id="pongs"></ul>`;
  const find = (id) => area.querySelector(`#${id}`);
  const pongs = find('pongs');
  return {
    sent(count) {
      find('ping-count').textContent = count;
    },
    received(count, rttMs) {
      find('pong-count').textContent = count;
      find('rtt').textContent = `${rttMs.toFixed(1)} ms`;
      const item = document.createElement('li');
      item.textContent = `pong ${count}: round trip ${rttMs.toFixed(1)} ms`;
      pongs.prepend(item);
      if (pongs.children.length > kShownPongs) pongs.lastElementChild.remove();
    },
  };
}

export function beforeAnswer(pc, page) {
  const view = makeView(page.area);
  let timer = null;
  pc.addEventListener('datachannel', ({channel}) => {
    if (channel.label !== 'ping-pong') return;
    // The channel is ordered and reliable, so pongs come back in the order
    // the pings left: a queue of send times is enough to match them.
    const sentAt = [];
    let pings = 0;
    let pongs = 0;
    const ping = () => {
      if (channel.readyState !== 'open') return;
      sentAt.push(performance.now());
      channel.send('ping');
      view.sent(++pings);
    };
    channel.addEventListener('open', () => {
      page.log('data channel "ping-pong" open: sending a ping every second');
      ping();
      timer = setInterval(ping, 1000);
    });
    channel.addEventListener('message', ({data}) => {
      if (data !== 'pong' || sentAt.length === 0) return;
      view.received(++pongs, performance.now() - sentAt.shift());
    });
    channel.addEventListener('close', () => {
      clearInterval(timer);
      page.log('data channel "ping-pong" closed');
    });
  });
  return () => clearInterval(timer);
}
