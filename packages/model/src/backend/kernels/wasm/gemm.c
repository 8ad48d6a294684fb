// Single-precision GEMM for wasm SIMD128, compiled into a module that imports the tfjs-backend-wasm heap, so it
// reads and writes tensors in place. C[m×n] = A[m×k]·B[k×n] with arbitrary row/column strides for A and B
// (transposes cost nothing: packing reads through the strides). Goto-style blocking: B is packed in KC×NC
// panels of NR columns, A in MC×KC panels of MR rows, and a 4×8 register tile accumulates with mul+add
// (wasm SIMD has no FMA; measured under V8: 4×8 beats 6×8, 5×8 and 3×16, which spill the 15 usable xmm registers). Freestanding: no libc, no data segment, no shadow stack (checked at build time).
#include <wasm_simd128.h>

#define MR 4
#define NR 8
#define KC 256
#define MC 128
#define NC 1024

typedef unsigned int u32;

// Packs B[p0:p0+kc, j0:j0+nc] into NR-wide column panels: out[panel][p][0..NR), zero-padded.
static void pack_b(const float* b, int rs, int cs, int kc, int nc, float* out) {
  for (int j = 0; j < nc; j += NR) {
    int w = nc - j < NR ? nc - j : NR;
    const float* src = b + (long)j * cs;
    if (cs == 1 && w == NR) {
      for (int p = 0; p < kc; p++) {
        wasm_v128_store(out, wasm_v128_load(src + (long)p * rs));
        wasm_v128_store(out + 4, wasm_v128_load(src + (long)p * rs + 4));
        out += NR;
      }
    } else {
      for (int p = 0; p < kc; p++) {
        int jj = 0;
        for (; jj < w; jj++) out[jj] = src[(long)p * rs + (long)jj * cs];
        for (; jj < NR; jj++) out[jj] = 0.0f;
        out += NR;
      }
    }
  }
}

// Packs A[i0:i0+mc, p0:p0+kc] into MR-tall row panels: out[panel][p][0..MR), zero-padded.
static void pack_a(const float* a, int rs, int cs, int mc, int kc, float* out) {
  for (int i = 0; i < mc; i += MR) {
    int h = mc - i < MR ? mc - i : MR;
    const float* src = a + (long)i * rs;
    if (h == MR && cs == 1) {
      const float* r0 = src;
      const float* r1 = src + rs;
      const float* r2 = src + 2 * (long)rs;
      const float* r3 = src + 3 * (long)rs;
      for (int p = 0; p < kc; p++) {
        out[0] = r0[p]; out[1] = r1[p]; out[2] = r2[p]; out[3] = r3[p];
        out += MR;
      }
    } else if (h == MR && rs == 1) {
      for (int p = 0; p < kc; p++) {
        wasm_v128_store(out, wasm_v128_load(src + (long)p * cs));
        out += MR;
      }
    } else {
      for (int p = 0; p < kc; p++) {
        int r = 0;
        for (; r < h; r++) out[r] = src[(long)r * rs + (long)p * cs];
        for (; r < MR; r++) out[r] = 0.0f;
        out += MR;
      }
    }
  }
}

// acc = Apanel·Bpanel over kc; then C (+)= acc for the h×w valid part of the tile.
static void micro_4x8(int kc, const float* pa, const float* pb, float* c, int ldc, int h, int w, int accumulate,
                      float* tile) {
  v128_t c00 = wasm_f32x4_splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  for (int p = 0; p < kc; p++) {
    v128_t b0 = wasm_v128_load(pb);
    v128_t b1 = wasm_v128_load(pb + 4);
    v128_t a;
    a = wasm_v128_load32_splat(pa + 0); c00 = wasm_f32x4_add(c00, wasm_f32x4_mul(a, b0)); c01 = wasm_f32x4_add(c01, wasm_f32x4_mul(a, b1));
    a = wasm_v128_load32_splat(pa + 1); c10 = wasm_f32x4_add(c10, wasm_f32x4_mul(a, b0)); c11 = wasm_f32x4_add(c11, wasm_f32x4_mul(a, b1));
    a = wasm_v128_load32_splat(pa + 2); c20 = wasm_f32x4_add(c20, wasm_f32x4_mul(a, b0)); c21 = wasm_f32x4_add(c21, wasm_f32x4_mul(a, b1));
    a = wasm_v128_load32_splat(pa + 3); c30 = wasm_f32x4_add(c30, wasm_f32x4_mul(a, b0)); c31 = wasm_f32x4_add(c31, wasm_f32x4_mul(a, b1));
    pa += MR;
    pb += NR;
  }
#define STORE_ROW(r, lo, hi)                                             \
  do {                                                                   \
    float* cr = c + (long)(r) * ldc;                                     \
    v128_t l = (lo), u = (hi);                                           \
    if (accumulate) {                                                    \
      l = wasm_f32x4_add(l, wasm_v128_load(cr));                         \
      u = wasm_f32x4_add(u, wasm_v128_load(cr + 4));                     \
    }                                                                    \
    wasm_v128_store(cr, l);                                              \
    wasm_v128_store(cr + 4, u);                                          \
  } while (0)
  if (h == MR && w == NR) {
    STORE_ROW(0, c00, c01); STORE_ROW(1, c10, c11); STORE_ROW(2, c20, c21); STORE_ROW(3, c30, c31);
    return;
  }
  // Edge tile: spill to the caller's scratch (no shadow stack in this module), copy the valid part.
  wasm_v128_store(tile + 0, c00); wasm_v128_store(tile + 4, c01); wasm_v128_store(tile + 8, c10);
  wasm_v128_store(tile + 12, c11); wasm_v128_store(tile + 16, c20); wasm_v128_store(tile + 20, c21);
  wasm_v128_store(tile + 24, c30); wasm_v128_store(tile + 28, c31);
  for (int r = 0; r < h; r++) {
    float* cr = c + (long)r * ldc;
    for (int j = 0; j < w; j++) cr[j] = accumulate ? cr[j] + tile[r * NR + j] : tile[r * NR + j];
  }
}

// Scratch sizes the caller must provide (in floats).
__attribute__((export_name("gemm_pack_a_floats"))) int gemm_pack_a_floats(void) { return MC * KC + MR * NR; }
__attribute__((export_name("gemm_pack_b_floats"))) int gemm_pack_b_floats(void) { return KC * (NC + NR); }

// C[m×n] (row stride ldc) = A·B, A element (i,p) at a[i*ars + p*acs], B element (p,j) at b[p*brs + j*bcs].
// Rows [row_begin, row_end) only, so threads can split one product.
__attribute__((export_name("gemm")))
void gemm(int m, int n, int k, const float* a, int ars, int acs, const float* b, int brs, int bcs, float* c, int ldc,
          float* pack_a_buf, float* pack_b_buf) {
  if (k == 0) {
    for (int i = 0; i < m; i++)
      for (int j = 0; j < n; j++) c[(long)i * ldc + j] = 0.0f;
    return;
  }
  for (int jc = 0; jc < n; jc += NC) {
    int nc = n - jc < NC ? n - jc : NC;
    for (int pc = 0; pc < k; pc += KC) {
      int kc = k - pc < KC ? k - pc : KC;
      pack_b(b + (long)pc * brs + (long)jc * bcs, brs, bcs, kc, nc, pack_b_buf);
      for (int ic = 0; ic < m; ic += MC) {
        int mc = m - ic < MC ? m - ic : MC;
        pack_a(a + (long)ic * ars + (long)pc * acs, ars, acs, mc, kc, pack_a_buf);
        for (int jr = 0; jr < nc; jr += NR) {
          int w = nc - jr < NR ? nc - jr : NR;
          const float* pb = pack_b_buf + (long)jr * kc;
          for (int ir = 0; ir < mc; ir += MR) {
            int h = mc - ir < MR ? mc - ir : MR;
            micro_4x8(kc, pack_a_buf + (long)ir * kc, pb, c + (long)(ic + ir) * ldc + jc + jr, ldc, h, w, pc > 0,
                      pack_a_buf + MC * KC);
          }
        }
      }
    }
  }
}

// out[i, j] = min(max(out[i, j] + bias[j], lo), hi) over an m×n block with row stride ldc; bias may be 0 (null).
__attribute__((export_name("bias_clamp")))
void bias_clamp(float* c, int m, int n, int ldc, const float* bias, float lo, float hi) {
  v128_t vlo = wasm_f32x4_splat(lo), vhi = wasm_f32x4_splat(hi);
  for (int i = 0; i < m; i++) {
    float* row = c + (long)i * ldc;
    int j = 0;
    for (; j + 4 <= n; j += 4) {
      v128_t v = wasm_v128_load(row + j);
      if (bias) v = wasm_f32x4_add(v, wasm_v128_load(bias + j));
      wasm_v128_store(row + j, wasm_f32x4_pmin(wasm_f32x4_pmax(v, vlo), vhi));
    }
    for (; j < n; j++) {
      float v = row[j] + (bias ? bias[j] : 0.0f);
      v = v < lo ? lo : v;
      row[j] = v > hi ? hi : v;
    }
  }
}
