// audio-video-loopback, browser half: send this browser's camera and
// microphone, and show them next to what the server sends back.
// Loaded by web/shell.js; see there for beforeAnswer's contract.

function makeView(area) {
  area.innerHTML = `
    <div class="videos">
      <figure><video id="local" autoplay muted playsinline></video>
        <figcaption>Sent: your camera</figcaption></figure>
      <figure><video id="remote" autoplay playsinline></video>
        <figcaption>Received back from the server
          <span id="remote-info" class="hint"></span></figcaption></figure>
    </div>`;
  return (id) => area.querySelector(`#${id}`);
}

export async function beforeAnswer(pc, page) {
  const find = makeView(page.area);
  const local = await navigator.mediaDevices.getUserMedia({audio: true, video: true});
  find('local').srcObject = local;
  // The offer's transceivers are receive-only on our side until tracks are
  // added: addTrack reuses them, one per kind, and makes them send too.
  for (const track of local.getTracks()) pc.addTrack(track, local);
  page.log(`sending ${local.getTracks().map((t) => t.kind).join(' and ')}`);

  // The offer is applied already: its tracks exist (the 'track' event is past).
  const remote = new MediaStream(pc.getReceivers().map((receiver) => receiver.track));
  const video = find('remote');
  video.srcObject = remote;
  const timer = setInterval(() => {
    if (video.videoWidth) {
      find('remote-info').textContent = `${video.videoWidth}×${video.videoHeight}`;
    }
  }, 500);

  return () => {
    clearInterval(timer);
    for (const track of local.getTracks()) track.stop();
  };
}
