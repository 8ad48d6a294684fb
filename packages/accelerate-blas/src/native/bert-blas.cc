// N-API addon: OpenBLAS sgemm on tensors that live in a WebAssembly heap (tfjs-backend-wasm's memory).
// Every operand is a byte offset into the heap's ArrayBuffer; nothing is copied. The heap may have grown (and its
// old ArrayBuffer been detached) since the last call, so the caller passes the current buffer on every call.
#include <node_api.h>
#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

namespace {

// Activation applied after the bias; the codes are shared with src/kernels/epilogue.ts.
enum Activation : int32_t { kLinear = 0, kRelu = 1, kRelu6 = 2, kSigmoid = 3, kElu = 4, kLeakyRelu = 5 };

bool Check(napi_env env, napi_status status, const char* what) {
  if (status == napi_ok) return true;
  napi_throw_type_error(env, nullptr, what);
  return false;
}

bool GetInt(napi_env env, napi_value value, int64_t* out, const char* name) {
  double number;
  if (napi_get_value_double(env, value, &number) != napi_ok || !std::isfinite(number) ||
      number != std::floor(number)) {
    std::string message = std::string("bert-blas: ") + name + " must be an integer";
    napi_throw_type_error(env, nullptr, message.c_str());
    return false;
  }
  *out = static_cast<int64_t>(number);
  return true;
}

// Optional Int32Array of batch indices (null/undefined: none).
bool GetIndex(napi_env env, napi_value value, const int32_t** data, size_t* length, const char* name) {
  napi_valuetype type;
  napi_typeof(env, value, &type);
  if (type == napi_null || type == napi_undefined) {
    *data = nullptr;
    *length = 0;
    return true;
  }
  bool isTyped = false;
  napi_is_typedarray(env, value, &isTyped);
  napi_typedarray_type arrayType;
  void* raw = nullptr;
  if (!isTyped || napi_get_typedarray_info(env, value, &arrayType, length, &raw, nullptr, nullptr) != napi_ok ||
      arrayType != napi_int32_array) {
    std::string message = std::string("bert-blas: ") + name + " must be an Int32Array or null";
    napi_throw_type_error(env, nullptr, message.c_str());
    return false;
  }
  *data = static_cast<const int32_t*>(raw);
  return true;
}

void ApplyEpilogue(float* c, int64_t rows, int64_t n, const float* bias, int32_t activation, float alpha) {
  for (int64_t row = 0; row < rows; row++) {
    float* out = c + row * n;
    if (bias != nullptr) {
      for (int64_t j = 0; j < n; j++) out[j] += bias[j];
    }
    switch (activation) {
      case kLinear:
        break;
      case kRelu:
        for (int64_t j = 0; j < n; j++) out[j] = std::max(out[j], 0.0f);
        break;
      case kRelu6:
        for (int64_t j = 0; j < n; j++) out[j] = std::min(std::max(out[j], 0.0f), 6.0f);
        break;
      case kSigmoid:
        for (int64_t j = 0; j < n; j++) out[j] = 1.0f / (1.0f + std::exp(-out[j]));
        break;
      case kElu:
        for (int64_t j = 0; j < n; j++) out[j] = out[j] > 0 ? out[j] : std::expm1(out[j]);
        break;
      case kLeakyRelu:
        for (int64_t j = 0; j < n; j++) out[j] = out[j] > 0 ? out[j] : alpha * out[j];
        break;
    }
  }
}

// gemm(heap, transA, transB, m, n, k, batch, a, aStride, b, bStride, c, bias, activation, alpha, aIndex, bIndex)
//   C[i] = act(op(A[i]) · op(B[i]) + bias) for i < batch, row-major, C contiguous [batch, m, n].
//   A[i] starts at byte a + (aIndex ? aIndex[i] * m * k * 4 : i * aStride); likewise B[i] (k * n floats).
//   bias: byte offset of n floats, or -1. Throws RangeError if any operand leaves the heap.
napi_value Gemm(napi_env env, napi_callback_info info) {
  size_t argc = 17;
  napi_value argv[17];
  if (!Check(env, napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr), "bert-blas: bad call")) return nullptr;
  if (argc != 17) {
    napi_throw_type_error(env, nullptr, "bert-blas: gemm takes 17 arguments");
    return nullptr;
  }
  void* heapData = nullptr;
  size_t heapBytes = 0;
  bool isArrayBuffer = false;
  napi_is_arraybuffer(env, argv[0], &isArrayBuffer);
  if (!isArrayBuffer || napi_get_arraybuffer_info(env, argv[0], &heapData, &heapBytes) != napi_ok) {
    napi_throw_type_error(env, nullptr, "bert-blas: heap must be an ArrayBuffer (not shared)");
    return nullptr;
  }
  if (heapBytes == 0) {
    napi_throw_range_error(env, nullptr, "bert-blas: the heap ArrayBuffer is empty or detached (the heap grew?)");
    return nullptr;
  }
  bool transA = false, transB = false;
  napi_get_value_bool(env, argv[1], &transA);
  napi_get_value_bool(env, argv[2], &transB);
  int64_t m = 0, n = 0, k = 0, batch = 0, a = 0, aStride = 0, b = 0, bStride = 0, c = 0, bias = -1, activation = 0;
  if (!GetInt(env, argv[3], &m, "m") || !GetInt(env, argv[4], &n, "n") || !GetInt(env, argv[5], &k, "k") ||
      !GetInt(env, argv[6], &batch, "batch") || !GetInt(env, argv[7], &a, "a") ||
      !GetInt(env, argv[8], &aStride, "aStride") || !GetInt(env, argv[9], &b, "b") ||
      !GetInt(env, argv[10], &bStride, "bStride") || !GetInt(env, argv[11], &c, "c") ||
      !GetInt(env, argv[12], &bias, "bias") || !GetInt(env, argv[13], &activation, "activation")) {
    return nullptr;
  }
  double alpha = 0;
  napi_get_value_double(env, argv[14], &alpha);
  const int32_t *aIndex, *bIndex;
  size_t aIndexLength, bIndexLength;
  if (!GetIndex(env, argv[15], &aIndex, &aIndexLength, "aIndex") ||
      !GetIndex(env, argv[16], &bIndex, &bIndexLength, "bIndex")) {
    return nullptr;
  }
  if (m < 0 || n < 0 || k < 0 || batch < 0 || m > INT32_MAX || n > INT32_MAX || k > INT32_MAX ||
      activation < kLinear || activation > kLeakyRelu || (aIndex && aIndexLength < size_t(batch)) ||
      (bIndex && bIndexLength < size_t(batch))) {
    napi_throw_range_error(env, nullptr, "bert-blas: bad gemm geometry");
    return nullptr;
  }
  if (batch == 0 || m == 0 || n == 0) return nullptr;

  // Bounds: the furthest byte each operand reaches must stay inside the heap.
  const int64_t aBytes = m * k * 4, bBytes = k * n * 4;
  auto furthest = [batch](const int32_t* index, int64_t stride, int64_t bytes, int64_t* out) {
    int64_t last = 0;
    if (index != nullptr) {
      for (int64_t i = 0; i < batch; i++) {
        if (index[i] < 0) return false;
        last = std::max(last, int64_t(index[i]) * bytes);
      }
    } else {
      if (stride < 0) return false;
      last = (batch - 1) * stride;
    }
    *out = last + bytes;
    return true;
  };
  int64_t aEnd, bEnd;
  const int64_t limit = static_cast<int64_t>(heapBytes);
  if (!furthest(aIndex, aStride, aBytes, &aEnd) || !furthest(bIndex, bStride, bBytes, &bEnd) || a < 0 || b < 0 ||
      c < 0 || a + aEnd > limit || b + bEnd > limit || c + batch * m * n * 4 > limit ||
      (bias >= 0 && bias + n * 4 > limit) || (a | b | c) % 4 != 0 || (bias >= 0 && bias % 4 != 0)) {
    napi_throw_range_error(env, nullptr, "bert-blas: operand outside the heap");
    return nullptr;
  }

  uint8_t* heap = static_cast<uint8_t*>(heapData);
  const CBLAS_TRANSPOSE opA = transA ? CblasTrans : CblasNoTrans;
  const CBLAS_TRANSPOSE opB = transB ? CblasTrans : CblasNoTrans;
  const int lda = transA ? int(m) : int(k);
  const int ldb = transB ? int(k) : int(n);
  float* cBase = reinterpret_cast<float*>(heap + c);
  const float* biasData = bias >= 0 ? reinterpret_cast<const float*>(heap + bias) : nullptr;

  // One tall product when B is shared by every batch and A's batches are contiguous and untransposed:
  // [batch·m, k] · [k, n] (a Dense layer on [B, T, H]).
  const bool bShared = bIndex == nullptr ? bStride == 0 : std::all_of(bIndex, bIndex + batch, [&](int32_t i) {
    return i == bIndex[0];
  });
  const bool aContiguous =
      aIndex == nullptr ? aStride == aBytes : [&] {
        for (int64_t i = 0; i < batch; i++) if (aIndex[i] != aIndex[0] + i) return false;
        return true;
      }();
  if (k == 0) {
    std::memset(cBase, 0, size_t(batch * m * n) * 4);  // an empty sum (BLAS may skip writing C)
  } else if (batch > 1 && bShared && aContiguous && !transA && batch * m <= INT32_MAX) {
    const float* aData = reinterpret_cast<const float*>(heap + a + (aIndex ? int64_t(aIndex[0]) * aBytes : 0));
    const float* bData = reinterpret_cast<const float*>(heap + b + (bIndex ? int64_t(bIndex[0]) * bBytes : 0));
    cblas_sgemm(CblasRowMajor, opA, opB, int(batch * m), int(n), int(k), 1.0f, aData, lda, bData, ldb, 0.0f, cBase,
                int(n));
  } else {
    for (int64_t i = 0; i < batch; i++) {
      const float* aData =
          reinterpret_cast<const float*>(heap + a + (aIndex ? int64_t(aIndex[i]) * aBytes : i * aStride));
      const float* bData =
          reinterpret_cast<const float*>(heap + b + (bIndex ? int64_t(bIndex[i]) * bBytes : i * bStride));
      float* cData = cBase + i * m * n;
      cblas_sgemm(CblasRowMajor, opA, opB, int(m), int(n), int(k), 1.0f, aData, lda, bData, ldb, 0.0f, cData,
                  int(n));
    }
  }
  if (biasData != nullptr || activation != kLinear) {
    ApplyEpilogue(cBase, batch * m, n, biasData, int32_t(activation), float(alpha));
  }
  return nullptr;
}

// setThreads(n): OpenBLAS threads for the following products (the calling thread counts as one).
napi_value SetThreads(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  int64_t threads = 0;
  if (argc < 1 || !GetInt(env, argv[0], &threads, "threads")) return nullptr;
  if (threads < 1 || threads > 1024) {
    napi_throw_range_error(env, nullptr, "bert-blas: threads must be in [1, 1024]");
    return nullptr;
  }
  openblas_set_num_threads(int(threads));
  return nullptr;
}

// info(): { config, threads, cores, parallel } where parallel is 0 sequential, 1 pthreads, 2 OpenMP.
napi_value Info(napi_env env, napi_callback_info) {
  napi_value result, value;
  napi_create_object(env, &result);
  const char* config = openblas_get_config();
  napi_create_string_utf8(env, config != nullptr ? config : "", NAPI_AUTO_LENGTH, &value);
  napi_set_named_property(env, result, "config", value);
  napi_create_int32(env, openblas_get_num_threads(), &value);
  napi_set_named_property(env, result, "threads", value);
  napi_create_int32(env, openblas_get_num_procs(), &value);
  napi_set_named_property(env, result, "cores", value);
  napi_create_int32(env, openblas_get_parallel(), &value);
  napi_set_named_property(env, result, "parallel", value);
  return result;
}

napi_value Init(napi_env env, napi_value exports) {
  napi_property_descriptor properties[] = {
      {"gemm", nullptr, Gemm, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"setThreads", nullptr, SetThreads, nullptr, nullptr, nullptr, napi_default, nullptr},
      {"info", nullptr, Info, nullptr, nullptr, nullptr, napi_default, nullptr},
  };
  napi_define_properties(env, exports, sizeof(properties) / sizeof(properties[0]), properties);
  return exports;
}

}  // namespace

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
