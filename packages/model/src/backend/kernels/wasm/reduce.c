// Reductions over the middle axis of a collapsed [outer, r, inner] view: out[o, i] = op_r x[o, r, i]. Stock wasm
// transposes the reduced axes innermost first (a full copy) and reduces with scalar loops; column sums (bias
// gradients, inner > 1) here accumulate SIMD rows in place, row sums (inner == 1) use 8 SIMD lanes.
#include <wasm_simd128.h>

// op: 0 sum (times scale, so mean = sum with scale 1/r), 1 max, 2 min.
__attribute__((export_name("reduce_f32")))
void reduce_f32(int op, float* out, const float* x, int outer, int r, int inner, float scale) {
  for (int o = 0; o < outer; o++) {
    const float* base = x + (long)o * r * inner;
    float* po = out + (long)o * inner;
    if (inner == 1) {
      v128_t acc0 = wasm_f32x4_splat(op == 0 ? 0.0f : base[0]), acc1 = acc0;
      int k = 0;
      for (; k + 8 <= r; k += 8) {
        v128_t v0 = wasm_v128_load(base + k), v1 = wasm_v128_load(base + k + 4);
        if (op == 0) { acc0 = wasm_f32x4_add(acc0, v0); acc1 = wasm_f32x4_add(acc1, v1); }
        else if (op == 1) { acc0 = wasm_f32x4_max(acc0, v0); acc1 = wasm_f32x4_max(acc1, v1); }
        else { acc0 = wasm_f32x4_min(acc0, v0); acc1 = wasm_f32x4_min(acc1, v1); }
      }
      v128_t acc = op == 0 ? wasm_f32x4_add(acc0, acc1) : op == 1 ? wasm_f32x4_max(acc0, acc1) : wasm_f32x4_min(acc0, acc1);
      float l0 = wasm_f32x4_extract_lane(acc, 0), l1 = wasm_f32x4_extract_lane(acc, 1);
      float l2 = wasm_f32x4_extract_lane(acc, 2), l3 = wasm_f32x4_extract_lane(acc, 3);
      float total;
      if (op == 0) total = (l0 + l1) + (l2 + l3);
      else if (op == 1) { float m01 = l0 > l1 || l0 != l0 ? l0 : l1, m23 = l2 > l3 || l2 != l2 ? l2 : l3; total = m01 > m23 || m01 != m01 ? m01 : m23; }
      else { float m01 = l0 < l1 || l0 != l0 ? l0 : l1, m23 = l2 < l3 || l2 != l2 ? l2 : l3; total = m01 < m23 || m01 != m01 ? m01 : m23; }
      for (; k < r; k++) {
        float v = base[k];
        if (op == 0) total += v;
        else if (op == 1) total = total > v || total != total ? total : v;
        else total = total < v || total != total ? total : v;
      }
      po[0] = op == 0 ? total * scale : total;
      continue;
    }
    int i = 0;
    for (; i + 4 <= inner; i += 4) {
      v128_t acc = wasm_v128_load(base + i);
      for (int k = 1; k < r; k++) {
        v128_t v = wasm_v128_load(base + (long)k * inner + i);
        acc = op == 0 ? wasm_f32x4_add(acc, v) : op == 1 ? wasm_f32x4_max(acc, v) : wasm_f32x4_min(acc, v);
      }
      if (op == 0) acc = wasm_f32x4_mul(acc, wasm_f32x4_splat(scale));
      wasm_v128_store(po + i, acc);
    }
    for (; i < inner; i++) {
      float total = base[i];
      for (int k = 1; k < r; k++) {
        float v = base[(long)k * inner + i];
        if (op == 0) total += v;
        else if (op == 1) total = total > v || total != total ? total : v;
        else total = total < v || total != total ? total : v;
      }
      po[i] = op == 0 ? total * scale : total;
    }
  }
}
