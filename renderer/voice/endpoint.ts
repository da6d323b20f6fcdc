/**
 * End-of-speech detection in the page (hands-free mode): an adaptive energy threshold; `end` after
 * a pause that follows real speech. (The kernel has the same detector for files; the portal
 * cannot import kernel code, so this small copy lives here.)
 */
export type EndpointEvent = { type: 'start' } | { type: 'end' };

export class EndpointDetector {
  private readonly frameSize: number;
  private acc = 0;
  private count = 0;
  private floor = -90;
  private frames = 0;
  private speaking = false;
  private run = 0;
  private silent = 0;

  constructor(sampleRate: number, private readonly o = { frameMs: 20, marginDb: 12, minLevelDb: -50, minSpeechMs: 100, hangoverMs: 800 }) {
    this.frameSize = Math.round((sampleRate * o.frameMs) / 1000);
  }

  push(samples: Float32Array): EndpointEvent[] {
    const events: EndpointEvent[] = [];
    for (const s of samples) {
      this.acc += s * s;
      if (++this.count < this.frameSize) continue;
      const level = 10 * Math.log10(this.acc / this.count + 1e-12);
      this.acc = this.count = 0;
      this.frames++;
      this.floor = this.frames === 1 || level < this.floor ? level : this.floor + 0.05;
      const voiced = level >= Math.max(this.floor + this.o.marginDb, this.o.minLevelDb);
      if (!this.speaking) {
        this.run = voiced ? this.run + 1 : 0;
        if (this.run * this.o.frameMs >= this.o.minSpeechMs) {
          this.speaking = true;
          this.silent = 0;
          events.push({ type: 'start' });
        }
      } else {
        this.silent = voiced ? 0 : this.silent + 1;
        if (this.silent * this.o.frameMs >= this.o.hangoverMs) {
          this.speaking = false;
          this.run = 0;
          events.push({ type: 'end' });
        }
      }
    }
    return events;
  }
}
