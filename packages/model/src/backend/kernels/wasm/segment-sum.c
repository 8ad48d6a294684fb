// out[ids[row], :] += x[row, :] for the gradient of tf.gather (UnsortedSegmentSum), which tfjs-backend-wasm 4.22
// lacks. One linear pass; rows whose id is outside [0, segments) are dropped, like TensorFlow.
#include <wasm_simd128.h>

__attribute__((export_name("segment_sum_f32")))
void segment_sum_f32(float* out, const float* x, const int* ids, int rows, int row_size, int segments) {
  for (long i = 0; i < (long)segments * row_size; i++) out[i] = 0.0f;
  for (int row = 0; row < rows; row++) {
    int segment = ids[row];
    if (segment < 0 || segment >= segments) continue;
    float* target = out + (long)segment * row_size;
    const float* source = x + (long)row * row_size;
    int k = 0;
    for (; k + 4 <= row_size; k += 4) {
      wasm_v128_store(target + k, wasm_f32x4_add(wasm_v128_load(target + k), wasm_v128_load(source + k)));
    }
    for (; k < row_size; k++) target[k] += source[k];
  }
}
