// The AudioWorklet processor of push-to-talk: hands each render quantum of the microphone's first
// channel to the page. A real file (Vite emits it as a hashed asset of our origin) because the CSP
// allows scripts only from 'self' — a blob: module would be refused. Batches 8 quanta (1,024
// frames) per message so the page is not flooded with 375 messages a second.
/* global AudioWorkletProcessor, registerProcessor */
const BATCH = 8;

class PcmTap extends AudioWorkletProcessor {
  constructor() {
    super();
    this.buffer = [];
    this.port.onmessage = (e) => {
      // 'flush': the page is stopping; send what is still buffered, then say so.
      if (e.data === 'flush') {
        this.send();
        this.port.postMessage('flushed');
      }
    };
  }

  send() {
    if (this.buffer.length === 0) return;
    const total = this.buffer.reduce((n, b) => n + b.length, 0);
    const out = new Float32Array(total);
    let offset = 0;
    for (const b of this.buffer) {
      out.set(b, offset);
      offset += b.length;
    }
    this.buffer = [];
    this.port.postMessage(out, [out.buffer]);
  }

  process(inputs) {
    const ch = inputs[0] && inputs[0][0];
    if (ch) {
      this.buffer.push(ch.slice(0));
      if (this.buffer.length >= BATCH) this.send();
    }
    return true;
  }
}

registerProcessor('agentos-pcm-tap', PcmTap);
