/** The error a capability rejects with when a call is outside what the user granted. */
export class CapabilityDenied extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CapabilityDenied';
  }
}
