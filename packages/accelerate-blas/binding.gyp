{
  "targets": [
    {
      "target_name": "bert_blas",
      "sources": ["src/native/bert-blas.cc"],
      "cflags_cc": ["-O3", "-std=c++17"],
      "libraries": ["-lopenblas"]
    }
  ]
}
