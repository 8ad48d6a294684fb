import * as tf from '@tensorflow/tfjs';

// Losses depend on tfjs alone, so their tests use the pure-JS backend every install has (tiny tensors only).
tf.env().set('IS_TEST', true); // silences the cpu backend's "install tfjs-node" banner
await tf.setBackend('cpu');
