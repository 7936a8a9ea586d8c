// What the video pages share: the local and remote pictures side by side,
// sending this browser's camera, and playing what the server sends.

// Two captioned <video>s, #local (muted) and #remote, in `area`; returns a
// finder for ids inside it.
export function sideBySide(area, {sent, received}) {
  area.innerHTML = `
    <div class="videos">
      <figure><video id="local" autoplay muted playsinline></video>
        <figcaption>${sent}</figcaption></figure>
      <figure><video id="remote" autoplay playsinline></video>
        <figcaption>${received} <span id="remote-info" class="hint"></span></figcaption></figure>
    </div>`;
  return (id) => area.querySelector(`#${id}`);
}

// Browsers give the camera and microphone only to a secure context: a page
// over https, or over http from localhost. Opened over plain http from
// another host, navigator.mediaDevices does not even exist.
export const kNeedsSecureContext =
    'the camera and microphone need a secure page: https, or http on localhost, and this one is ' +
    'plain http from another host. Serve it over https (the server\'s --tls-cert and --tls-key, ' +
    'or --tls-self-signed to try: see the README) or open it on the server\'s own machine';

// What getUserMedia's error means, for the page: the device is missing,
// refused or busy. `what` is "camera" or "microphone".
function whyNot(what, error) {
  const reasons = {
    NotFoundError: `this browser has no ${what}`,
    OverconstrainedError: `this browser has no ${what}`,
    NotAllowedError: `the ${what} is not allowed (permission refused)`,
    NotReadableError: `the ${what} is busy or broken`,
  };
  return reasons[error.name] || `no ${what}: ${error.name || 'Error'}: ${error.message}`;
}

// Asks for a camera and, when `audio`, a microphone, and gets what exists:
// a machine with a microphone and no camera sends audio only, and the
// reverse. First one request for both (one permission prompt); if it
// fails, each kind alone. Returns {stream, missing}: the tracks got, and
// why each kind asked for is missing ({camera: reason, microphone: ...}).
async function getWhatExists(audio) {
  try {
    return {stream: await navigator.mediaDevices.getUserMedia({audio, video: true}), missing: {}};
  } catch (both) {
    if (!audio) return {stream: new MediaStream(), missing: {camera: whyNot('camera', both)}};
  }
  const stream = new MediaStream();
  const missing = {};
  for (const [kind, what] of [['video', 'camera'], ['audio', 'microphone']]) {
    try {
      const got = await navigator.mediaDevices.getUserMedia({[kind]: true});
      for (const track of got.getTracks()) stream.addTrack(track);
    } catch (error) {
      missing[what] = whyNot(what, error);
    }
  }
  return {stream, missing};
}

// Sends the camera (and microphone, if asked) on the offer's transceivers:
// they are receive-only on our side until a track is added, and addTrack
// reuses the one of the track's kind. Shows the camera in `preview`. Sends
// what exists: a missing camera or microphone is said on the page, next to
// the preview (#media-missing), and its transceiver stays receive-only.
// Throws only when nothing at all could be got.
export async function sendCamera(pc, preview, {audio = false} = {}) {
  if (!window.isSecureContext || !navigator.mediaDevices) throw new Error(kNeedsSecureContext);
  const {stream: local, missing} = await getWhatExists(audio);
  const reasons = Object.values(missing);
  if (local.getTracks().length === 0) throw new Error(`nothing to send: ${reasons.join('; ')}`);
  preview.srcObject = local;
  for (const track of local.getTracks()) pc.addTrack(track, local);
  if (reasons.length > 0) {
    const sending = local.getTracks().map((t) => (t.kind === 'video' ? 'camera' : 'microphone'));
    const note = document.createElement('p');
    note.id = 'media-missing';
    note.className = 'phase phase-stopped';
    note.dataset.missing = Object.keys(missing).join(' ');
    note.textContent = `Sending the ${sending.join(' and ')} only: ${reasons.join('; ')}.`;
    (preview.closest('.videos') || preview).before(note);
  }
  return local;
}

// Plays everything the offer's receivers get in `video` (in beforeAnswer
// the offer is applied, so their tracks exist and 'track' events are past),
// and writes the picture's size into `info`, or that it plays sound with no
// picture (a peer with no camera). Returns a cleanup function.
export function playRemote(pc, video, info) {
  const receivers = pc.getReceivers();
  video.srcObject = new MediaStream(receivers.map((receiver) => receiver.track));
  // A receiver lists synchronization sources only while packets come.
  const receiving = (kind) =>
      receivers.some((r) => r.track.kind === kind && r.getSynchronizationSources().length > 0);
  const timer = setInterval(() => {
    if (video.videoWidth) {
      info.textContent = `${video.videoWidth}×${video.videoHeight}`;
    } else {
      info.textContent =
          receiving('audio') && !receiving('video') ? '(sound only, no picture)' : '';
    }
  }, 500);
  return () => clearInterval(timer);
}
