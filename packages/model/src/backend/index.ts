export {
  type BlasAcceleration,
  describeBlas,
  disableBlasAccelerator,
  enableBlasAccelerator,
} from './blas-accelerator.js';
export { fastDropout } from './dropout.js';
export { type DoctorReport, describeBackend, diagnose, doctor, formatDoctorReport } from './doctor.js';
export { findTfjsCoreCopies, type TfjsCoreCopy } from './tfjs-core-copies.js';
export { initBackend } from './init-backend.js';
export { setWasmGemmThreads, waitForWasmThreads, wasmGemmThreads } from './wasm-threads.js';
export {
  registerWasmKernelFixes,
  restoreStockWasmKernels,
  WASM_KERNEL_FIXES,
  type WasmKernelFix,
} from './kernels/register-wasm-kernels.js';
export {
  BACKEND_NAMES,
  BackendError,
  type BackendInfo,
  type BackendName,
  type InitBackendOptions,
  type SkippedBackend,
} from './types.js';
