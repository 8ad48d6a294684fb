// Dtype conversions to float32 (bool and int32 sources). Stock tfjs-backend-wasm 4.22 converts with a JS
// TypedArray.set, element by element; gradients cast bool masks (Max's gradient, comparisons) every step.
#include <wasm_simd128.h>

__attribute__((export_name("bool_to_f32")))
void bool_to_f32(float* out, const unsigned char* x, int n) {
  int i = 0;
  const v128_t one = wasm_i32x4_splat(1);
  for (; i + 4 <= n; i += 4) {
    v128_t bytes = wasm_v128_load32_zero(x + i);
    v128_t wide = wasm_u32x4_extend_low_u16x8(wasm_u16x8_extend_low_u8x16(bytes));
    // tfjs bools are 0 or 1; anything nonzero counts as true.
    v128_t truth = wasm_v128_and(wasm_i32x4_ne(wide, wasm_i32x4_splat(0)), one);
    wasm_v128_store(out + i, wasm_f32x4_convert_i32x4(truth));
  }
  for (; i < n; i++) out[i] = x[i] ? 1.0f : 0.0f;
}

__attribute__((export_name("i32_to_f32")))
void i32_to_f32(float* out, const int* x, int n) {
  int i = 0;
  for (; i + 4 <= n; i += 4) wasm_v128_store(out + i, wasm_f32x4_convert_i32x4(wasm_v128_load(x + i)));
  for (; i < n; i++) out[i] = (float)x[i];
}
