// Inverted dropout with a counter-based RNG: element i is kept iff hash(seed, i) / 2^32 < keep, so the mask is a
// pure function of (seed, i) and the gradient regenerates it instead of storing it. tf.dropout draws its uniforms
// in JS (seedrandom's Alea, ~50 ns each): 8M per step of the mini config, ≈0.4 s; this is ≈1 ns per element.
#include <wasm_simd128.h>

// Chris Wellons' lowbias32 integer hash (full avalanche on 32 bits).
static unsigned hash32(unsigned x) {
  x ^= x >> 16; x *= 0x21f0aaadu; x ^= x >> 15; x *= 0x735a2d97u; x ^= x >> 15;
  return x;
}

static v128_t hash32x4(v128_t x) {
  x = wasm_v128_xor(x, wasm_u32x4_shr(x, 16)); x = wasm_i32x4_mul(x, wasm_i32x4_splat(0x21f0aaad));
  x = wasm_v128_xor(x, wasm_u32x4_shr(x, 15)); x = wasm_i32x4_mul(x, wasm_i32x4_splat(0x735a2d97));
  return wasm_v128_xor(x, wasm_u32x4_shr(x, 15));
}

// out[i] = x[i] · scale if kept, else 0. keep24 = keep probability · 2^24 (compared with the hash's top 24 bits).
__attribute__((export_name("dropout_f32")))
void dropout_f32(float* out, const float* x, int n, unsigned seed, int keep24, float scale) {
  unsigned base = hash32(seed ^ 0x9e3779b9u);
  const v128_t golden = wasm_i32x4_splat((int)0x9e3779b9u);
  const v128_t threshold = wasm_i32x4_splat(keep24);
  const v128_t vscale = wasm_f32x4_splat(scale);
  v128_t counter = wasm_i32x4_make(0, 1, 2, 3);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    v128_t h = hash32x4(wasm_i32x4_add(wasm_i32x4_mul(counter, golden), wasm_i32x4_splat((int)base)));
    v128_t kept = wasm_i32x4_lt(wasm_u32x4_shr(h, 8), threshold);
    wasm_v128_store(out + i, wasm_v128_and(wasm_f32x4_mul(wasm_v128_load(x + i), vscale), kept));
    counter = wasm_i32x4_add(counter, wasm_i32x4_splat(4));
  }
  for (; i < n; i++) {
    unsigned h = hash32((unsigned)i * 0x9e3779b9u + base);
    out[i] = (int)(h >> 8) < keep24 ? x[i] * scale : 0.0f;
  }
}
