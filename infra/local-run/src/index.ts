export { serviceCommand, startServiceProcess } from './serviceProcess.ts';
export { bundlePath, bundleService } from './bundleService.ts';
export type { ServiceName, ServiceProcess } from './serviceProcess.ts';
export { serviceEnv } from './serviceEnv.ts';
export type { LocalResources } from './serviceEnv.ts';
export { startLocalPipeline } from './localPipeline.ts';
export type { LocalPipeline } from './localPipeline.ts';
