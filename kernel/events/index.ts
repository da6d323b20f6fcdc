export { EventLog, type LoggedResult } from './event-log.js';
export { EventBus, type KernelEventListener } from './bus.js';
