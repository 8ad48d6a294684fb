export {
  BLAS_KERNEL_NAMES,
  type BlasOptions,
  type BlasRegistration,
  BlasUnavailableError,
  blasStatus,
  defaultBlasThreads,
  registerBlasKernels,
  setBlasThreads,
  unregisterBlasKernels,
} from './register-blas-kernels.js';
