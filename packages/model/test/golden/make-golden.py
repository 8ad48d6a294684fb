#!/usr/bin/env python3
"""Golden values for @bert/model, computed by an independent PyTorch implementation.

Regenerate (needs PyTorch; on Debian: `apt-get install -y python3-torch libopenblas0-openmp`):

    /usr/bin/python3 packages/model/test/golden/make-golden.py > packages/model/src/golden/golden.json

This file does not import anything from the TypeScript code base. It writes every model as a plain
state dict with the checkpoint names that Hugging Face `transformers` uses for BertForPreTraining,
BertForSequenceClassification, BertForTokenClassification, RobertaForMaskedLM, DistilBertForMaskedLM,
DistilBertForTokenClassification and AlbertForPreTraining (PyTorch layouts: nn.Linear weights are
[out, in]), and runs the forward passes of `modeling_bert.py`, `modeling_roberta.py`,
`modeling_distilbert.py` and `modeling_albert.py` (eval mode, eager attention) written out with
torch.nn.functional.

Weights come from a formula so that the test can rebuild them without shipping them:
    value(name, i) = scale * sin(0.731 * i + 1.917 * h(name) + 0.25)      (float64, then float32)
where i is the row-major index in the PyTorch layout, h(name) = polynomial hash of the name
(h = (31 h + code) mod 1000003 over the characters, then mod 997), and scale is 0.08 for weights
and embeddings, 0.05 for biases, LayerNorm weights are 1 + 0.1 * sin(...).
"""
import json
import math

import torch
import torch.nn.functional as F

torch.set_grad_enabled(False)
FLOAT32_MIN = torch.finfo(torch.float32).min


def name_hash(name):
    h = 0
    for ch in name:
        h = (h * 31 + ord(ch)) % 1000003
    return h % 997


def formula(name, shape):
    j = name_hash(name)
    n = math.prod(shape)
    base = [math.sin(0.731 * i + 1.917 * j + 0.25) for i in range(n)]
    lower = name.lower()
    if name.endswith('.weight') and ('layernorm' in lower or 'layer_norm' in lower):
        values = [1 + 0.1 * b for b in base]
    elif name.endswith('bias'):
        values = [0.05 * b for b in base]
    else:
        values = [0.08 * b for b in base]
    return torch.tensor(values, dtype=torch.float64).to(torch.float32).reshape(shape)


# ---------------------------------------------------------------- parameter names (HF checkpoints)

def bert_like_names(c, p, pooler=True, token_types=True):
    H, I, E = c['hidden_size'], c['intermediate_size'], c.get('embedding_size', c['hidden_size'])
    names = {
        f'{p}embeddings.word_embeddings.weight': [c['vocab_size'], E],
        f'{p}embeddings.position_embeddings.weight': [c['max_position_embeddings'], E],
        f'{p}embeddings.LayerNorm.weight': [E],
        f'{p}embeddings.LayerNorm.bias': [E],
    }
    if token_types:
        names[f'{p}embeddings.token_type_embeddings.weight'] = [c['type_vocab_size'], E]
    for i in range(c['num_hidden_layers']):
        l = f'{p}encoder.layer.{i}.'
        for n in ('query', 'key', 'value'):
            names[f'{l}attention.self.{n}.weight'] = [H, H]
            names[f'{l}attention.self.{n}.bias'] = [H]
        names[f'{l}attention.output.dense.weight'] = [H, H]
        names[f'{l}attention.output.dense.bias'] = [H]
        names[f'{l}attention.output.LayerNorm.weight'] = [H]
        names[f'{l}attention.output.LayerNorm.bias'] = [H]
        names[f'{l}intermediate.dense.weight'] = [I, H]
        names[f'{l}intermediate.dense.bias'] = [I]
        names[f'{l}output.dense.weight'] = [H, I]
        names[f'{l}output.dense.bias'] = [H]
        names[f'{l}output.LayerNorm.weight'] = [H]
        names[f'{l}output.LayerNorm.bias'] = [H]
    if pooler:
        names[f'{p}pooler.dense.weight'] = [H, H]
        names[f'{p}pooler.dense.bias'] = [H]
    return names


def bert_mlm_names(c, head='cls.predictions.'):
    H, V = c['hidden_size'], c['vocab_size']
    return {
        f'{head}transform.dense.weight': [H, H], f'{head}transform.dense.bias': [H],
        f'{head}transform.LayerNorm.weight': [H], f'{head}transform.LayerNorm.bias': [H],
        f'{head}bias': [V],
    }


def roberta_lm_names(c):
    H, V = c['hidden_size'], c['vocab_size']
    return {'lm_head.dense.weight': [H, H], 'lm_head.dense.bias': [H], 'lm_head.layer_norm.weight': [H],
            'lm_head.layer_norm.bias': [H], 'lm_head.bias': [V]}


def distilbert_names(c):
    H, I, V = c['dim'], c['hidden_dim'], c['vocab_size']
    p = 'distilbert.'
    names = {
        f'{p}embeddings.word_embeddings.weight': [V, H],
        f'{p}embeddings.position_embeddings.weight': [c['max_position_embeddings'], H],
        f'{p}embeddings.LayerNorm.weight': [H], f'{p}embeddings.LayerNorm.bias': [H],
    }
    for i in range(c['n_layers']):
        l = f'{p}transformer.layer.{i}.'
        for n in ('q_lin', 'k_lin', 'v_lin', 'out_lin'):
            names[f'{l}attention.{n}.weight'] = [H, H]
            names[f'{l}attention.{n}.bias'] = [H]
        names[f'{l}sa_layer_norm.weight'] = [H]
        names[f'{l}sa_layer_norm.bias'] = [H]
        names[f'{l}ffn.lin1.weight'] = [I, H]
        names[f'{l}ffn.lin1.bias'] = [I]
        names[f'{l}ffn.lin2.weight'] = [H, I]
        names[f'{l}ffn.lin2.bias'] = [H]
        names[f'{l}output_layer_norm.weight'] = [H]
        names[f'{l}output_layer_norm.bias'] = [H]
    return names


def albert_names(c, pooler=True):
    H, I, E, V = c['hidden_size'], c['intermediate_size'], c['embedding_size'], c['vocab_size']
    p = 'albert.'
    names = {
        f'{p}embeddings.word_embeddings.weight': [V, E],
        f'{p}embeddings.position_embeddings.weight': [c['max_position_embeddings'], E],
        f'{p}embeddings.token_type_embeddings.weight': [c['type_vocab_size'], E],
        f'{p}embeddings.LayerNorm.weight': [E], f'{p}embeddings.LayerNorm.bias': [E],
        f'{p}encoder.embedding_hidden_mapping_in.weight': [H, E],
        f'{p}encoder.embedding_hidden_mapping_in.bias': [H],
    }
    for g in range(c['num_hidden_groups']):
        l = f'{p}encoder.albert_layer_groups.{g}.albert_layers.0.'
        for n in ('query', 'key', 'value', 'dense'):
            names[f'{l}attention.{n}.weight'] = [H, H]
            names[f'{l}attention.{n}.bias'] = [H]
        names[f'{l}attention.LayerNorm.weight'] = [H]
        names[f'{l}attention.LayerNorm.bias'] = [H]
        names[f'{l}ffn.weight'] = [I, H]
        names[f'{l}ffn.bias'] = [I]
        names[f'{l}ffn_output.weight'] = [H, I]
        names[f'{l}ffn_output.bias'] = [H]
        names[f'{l}full_layer_layer_norm.weight'] = [H]
        names[f'{l}full_layer_layer_norm.bias'] = [H]
    if pooler:
        names[f'{p}pooler.weight'] = [H, H]
        names[f'{p}pooler.bias'] = [H]
    names.update({'predictions.dense.weight': [E, H], 'predictions.dense.bias': [E],
                  'predictions.LayerNorm.weight': [E], 'predictions.LayerNorm.bias': [E], 'predictions.bias': [V]})
    return names


# ---------------------------------------------------------------- forward passes (eval mode)

def act(name):
    if name == 'gelu':
        return F.gelu  # exact erf form, HF GELUActivation
    if name == 'gelu_new':
        return lambda x: 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))
    if name == 'relu':
        return F.relu
    raise ValueError(name)


def lin(sd, n, x):
    return F.linear(x, sd[n + '.weight'], sd[n + '.bias'])


def ln(sd, n, x, eps):
    return F.layer_norm(x, (x.shape[-1],), sd[n + '.weight'], sd[n + '.bias'], eps)


def extended_mask(mask):
    return (1.0 - mask[:, None, None, :].to(torch.float32)) * FLOAT32_MIN


def self_attention(sd, q, k, v, x, ext, heads):
    B, T, H = x.shape
    D = H // heads
    split = lambda t: t.view(B, T, heads, D).transpose(1, 2)
    qh, kh, vh = split(lin(sd, q, x)), split(lin(sd, k, x)), split(lin(sd, v, x))
    scores = torch.matmul(qh, kh.transpose(-1, -2)) / math.sqrt(D) + ext
    probs = torch.softmax(scores, dim=-1)
    context = torch.matmul(probs, vh).transpose(1, 2).reshape(B, T, H)
    return context, probs


def bert_encoder(sd, c, p, x, ext):
    hidden, attentions = [x], []
    eps, a = c['layer_norm_eps'], act(c['hidden_act'])
    for i in range(c['num_hidden_layers']):
        l = f'{p}encoder.layer.{i}.'
        context, probs = self_attention(sd, l + 'attention.self.query', l + 'attention.self.key',
                                        l + 'attention.self.value', x, ext, c['num_attention_heads'])
        attention_out = ln(sd, l + 'attention.output.LayerNorm', lin(sd, l + 'attention.output.dense', context) + x, eps)
        inter = a(lin(sd, l + 'intermediate.dense', attention_out))
        x = ln(sd, l + 'output.LayerNorm', lin(sd, l + 'output.dense', inter) + attention_out, eps)
        hidden.append(x)
        attentions.append(probs)
    return hidden, attentions


def bert_model(sd, c, p, ids, types, mask, position_ids, pooler=True):
    emb = F.embedding(ids, sd[p + 'embeddings.word_embeddings.weight'])
    emb = emb + F.embedding(types, sd[p + 'embeddings.token_type_embeddings.weight'])
    emb = emb + F.embedding(position_ids, sd[p + 'embeddings.position_embeddings.weight'])
    emb = ln(sd, p + 'embeddings.LayerNorm', emb, c['layer_norm_eps'])
    hidden, attentions = bert_encoder(sd, c, p, emb, extended_mask(mask))
    pooled = torch.tanh(lin(sd, p + 'pooler.dense', hidden[-1][:, 0])) if pooler else None
    return hidden, attentions, pooled


def gather(hidden, positions):
    return torch.gather(hidden, 1, positions[:, :, None].expand(-1, -1, hidden.shape[-1]))


def bert_mlm(sd, c, x, word):
    h = ln(sd, 'cls.predictions.transform.LayerNorm', act(c['hidden_act'])(lin(sd, 'cls.predictions.transform.dense', x)),
           c['layer_norm_eps'])
    return F.linear(h, word) + sd['cls.predictions.bias']


def roberta_positions(ids, pad):
    mask = ids.ne(pad).int()
    return (torch.cumsum(mask, dim=1).type_as(mask) * mask).long() + pad


def distilbert_model(sd, c, ids, mask):
    p, eps, heads = 'distilbert.', 1e-12, c['n_heads']
    positions = torch.arange(ids.shape[1])[None, :].expand_as(ids)
    x = F.embedding(ids, sd[p + 'embeddings.word_embeddings.weight']) + F.embedding(
        positions, sd[p + 'embeddings.position_embeddings.weight'])
    x = ln(sd, p + 'embeddings.LayerNorm', x, eps)
    hidden, attentions = [x], []
    B, T, H = x.shape
    D = H // heads
    for i in range(c['n_layers']):
        l = f'{p}transformer.layer.{i}.'
        split = lambda t: t.view(B, T, heads, D).transpose(1, 2)
        q = split(lin(sd, l + 'attention.q_lin', x)) / math.sqrt(D)  # DistilBERT scales q first
        k, v = split(lin(sd, l + 'attention.k_lin', x)), split(lin(sd, l + 'attention.v_lin', x))
        scores = torch.matmul(q, k.transpose(2, 3))
        scores = scores.masked_fill((mask == 0).view(B, 1, 1, T).expand_as(scores), FLOAT32_MIN)
        probs = torch.softmax(scores, dim=-1)
        context = torch.matmul(probs, v).transpose(1, 2).reshape(B, T, H)
        sa = ln(sd, l + 'sa_layer_norm', lin(sd, l + 'attention.out_lin', context) + x, eps)
        ffn = lin(sd, l + 'ffn.lin2', act(c['activation'])(lin(sd, l + 'ffn.lin1', sa)))
        x = ln(sd, l + 'output_layer_norm', ffn + sa, eps)
        hidden.append(x)
        attentions.append(probs)
    return hidden, attentions


def albert_model(sd, c, ids, types, mask):
    p, eps, L, G = 'albert.', c['layer_norm_eps'], c['num_hidden_layers'], c['num_hidden_groups']
    positions = torch.arange(ids.shape[1])[None, :].expand_as(ids)
    emb = F.embedding(ids, sd[p + 'embeddings.word_embeddings.weight'])
    emb = emb + F.embedding(types, sd[p + 'embeddings.token_type_embeddings.weight'])
    emb = emb + F.embedding(positions, sd[p + 'embeddings.position_embeddings.weight'])
    emb = ln(sd, p + 'embeddings.LayerNorm', emb, eps)
    x = lin(sd, p + 'encoder.embedding_hidden_mapping_in', emb)
    ext = extended_mask(mask)
    hidden, attentions = [x], []
    for i in range(L):
        g = int(i / (L / G))
        l = f'{p}encoder.albert_layer_groups.{g}.albert_layers.0.'
        context, probs = self_attention(sd, l + 'attention.query', l + 'attention.key', l + 'attention.value', x, ext,
                                        c['num_attention_heads'])
        attention_out = ln(sd, l + 'attention.LayerNorm', lin(sd, l + 'attention.dense', context) + x, eps)
        ffn = lin(sd, l + 'ffn_output', act(c['hidden_act'])(lin(sd, l + 'ffn', attention_out)))
        x = ln(sd, l + 'full_layer_layer_norm', ffn + attention_out, eps)
        hidden.append(x)
        attentions.append(probs)
    pooled = torch.tanh(lin(sd, p + 'pooler', x[:, 0]))
    return hidden, attentions, pooled


# ---------------------------------------------------------------- cases

def nested(t):
    return json.loads(json.dumps(t.tolist()), parse_float=lambda s: float('%.9g' % float(s)))


def state(names):
    return {n: formula(n, s) for n, s in names.items()}


def describe(names):
    return {n: {'shape': s, 'sum': float(formula(n, s).double().sum())} for n, s in sorted(names.items())}


BERT = dict(model_type='bert', vocab_size=99, hidden_size=32, num_hidden_layers=2, num_attention_heads=4,
            intermediate_size=37, hidden_act='gelu', hidden_dropout_prob=0.1, attention_probs_dropout_prob=0.1,
            max_position_embeddings=40, type_vocab_size=2, initializer_range=0.02, layer_norm_eps=1e-12, pad_token_id=0)

IDS = [[2, 17, 45, 3, 88, 61, 9, 5], [2, 33, 71, 12, 5, 0, 0, 0]]
TYPES = [[0, 0, 0, 0, 1, 1, 1, 1], [0, 0, 0, 1, 1, 0, 0, 0]]
MASK = [[1, 1, 1, 1, 1, 1, 1, 1], [1, 1, 1, 1, 1, 0, 0, 0]]
MASKED = [[1, 4], [3, 2]]


def inputs(pad):
    ids = [[pad if m == 0 else t for t, m in zip(row, mrow)] for row, mrow in zip(IDS, MASK)]
    return dict(input_ids=ids, token_type_ids=TYPES, attention_mask=MASK, masked_positions=MASKED)


def bert_cases():
    c = BERT
    inp = inputs(0)
    ids, types, mask = (torch.tensor(inp[k]) for k in ('input_ids', 'token_type_ids', 'attention_mask'))
    masked = torch.tensor(MASKED)
    positions = torch.arange(8)[None, :].expand_as(ids)
    cases = []

    names = {**bert_like_names(c, 'bert.'), **bert_mlm_names(c), 'cls.seq_relationship.weight': [2, 32],
             'cls.seq_relationship.bias': [2]}
    sd = state(names)
    hidden, attentions, pooled = bert_model(sd, c, 'bert.', ids, types, mask, positions)
    cases.append(dict(name='bert-for-pre-training', architecture='BertForPreTraining', config=c, inputs=inp,
                      parameters=describe(names), outputs=dict(
                          hidden_states=[nested(h) for h in hidden], attentions=[nested(a) for a in attentions],
                          pooler_output=nested(pooled),
                          prediction_logits=nested(bert_mlm(sd, c, gather(hidden[-1], masked),
                                                            sd['bert.embeddings.word_embeddings.weight'])),
                          seq_relationship_logits=nested(lin(sd, 'cls.seq_relationship', pooled)))))

    cc = {**c, 'id2label': {'0': 'neg', '1': 'neutral', '2': 'pos'}, 'label2id': {'neg': 0, 'neutral': 1, 'pos': 2}}
    names = {**bert_like_names(c, 'bert.'), 'classifier.weight': [3, 32], 'classifier.bias': [3]}
    sd = state(names)
    hidden, _, pooled = bert_model(sd, c, 'bert.', ids, types, mask, positions)
    cases.append(dict(name='bert-for-sequence-classification', architecture='BertForSequenceClassification',
                      config=cc, inputs=inp, parameters=describe(names),
                      outputs=dict(last_hidden_state=nested(hidden[-1]), logits=nested(lin(sd, 'classifier', pooled)))))

    tc = {**c, 'hidden_act': 'relu', 'id2label': {str(i): f'TAG_{i}' for i in range(5)},
          'label2id': {f'TAG_{i}': i for i in range(5)}}
    names = {**bert_like_names(c, 'bert.', pooler=False), 'classifier.weight': [5, 32], 'classifier.bias': [5]}
    sd = state(names)
    hidden, _, _ = bert_model(sd, tc, 'bert.', ids, types, mask, positions, pooler=False)
    cases.append(dict(name='bert-for-token-classification-relu', architecture='BertForTokenClassification',
                      config=tc, inputs=inp, parameters=describe(names),
                      outputs=dict(last_hidden_state=nested(hidden[-1]), logits=nested(lin(sd, 'classifier', hidden[-1])))))
    return cases


def roberta_case():
    c = {**BERT, 'model_type': 'roberta', 'pad_token_id': 1, 'type_vocab_size': 1, 'max_position_embeddings': 42,
         'layer_norm_eps': 1e-5}
    inp = inputs(1)
    inp['token_type_ids'] = [[0] * 8, [0] * 8]
    ids, types, mask = (torch.tensor(inp[k]) for k in ('input_ids', 'token_type_ids', 'attention_mask'))
    names = {**bert_like_names(c, 'roberta.', pooler=False), **roberta_lm_names(c)}
    sd = state(names)
    hidden, attentions, _ = bert_model(sd, c, 'roberta.', ids, types, mask, roberta_positions(ids, 1), pooler=False)
    x = gather(hidden[-1], torch.tensor(MASKED))
    h = ln(sd, 'lm_head.layer_norm', F.gelu(lin(sd, 'lm_head.dense', x)), c['layer_norm_eps'])
    logits = F.linear(h, sd['roberta.embeddings.word_embeddings.weight']) + sd['lm_head.bias']
    return dict(name='roberta-for-masked-lm', architecture='RobertaForMaskedLM', config=c, inputs=inp,
                parameters=describe(names), outputs=dict(hidden_states=[nested(t) for t in hidden], logits=nested(logits)))


def distilbert_case():
    c = dict(model_type='distilbert', vocab_size=99, dim=32, n_layers=2, n_heads=4, hidden_dim=37, activation='gelu',
             dropout=0.1, attention_dropout=0.1, max_position_embeddings=40, initializer_range=0.02, pad_token_id=0,
             sinusoidal_pos_embds=False, qa_dropout=0.1, seq_classif_dropout=0.2, tie_weights_=True)
    inp = inputs(0)
    del inp['token_type_ids']
    ids, mask = torch.tensor(inp['input_ids']), torch.tensor(inp['attention_mask'])
    names = {**distilbert_names(c), 'vocab_transform.weight': [32, 32], 'vocab_transform.bias': [32],
             'vocab_layer_norm.weight': [32], 'vocab_layer_norm.bias': [32], 'vocab_projector.bias': [99]}
    sd = state(names)
    hidden, attentions = distilbert_model(sd, c, ids, mask)
    x = gather(hidden[-1], torch.tensor(MASKED))
    h = ln(sd, 'vocab_layer_norm', F.gelu(lin(sd, 'vocab_transform', x)), 1e-12)
    logits = F.linear(h, sd['distilbert.embeddings.word_embeddings.weight']) + sd['vocab_projector.bias']
    return dict(name='distilbert-for-masked-lm', architecture='DistilBertForMaskedLM', config=c, inputs=inp,
                parameters=describe(names), outputs=dict(hidden_states=[nested(t) for t in hidden],
                                                         attentions=[nested(a) for a in attentions], logits=nested(logits)))


def albert_case():
    c = dict(model_type='albert', vocab_size=99, embedding_size=16, hidden_size=32, num_hidden_layers=3,
             num_hidden_groups=1, inner_group_num=1, num_attention_heads=4, intermediate_size=37, hidden_act='gelu_new',
             hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0, max_position_embeddings=40, type_vocab_size=2,
             initializer_range=0.02, layer_norm_eps=1e-12, classifier_dropout_prob=0.1, pad_token_id=0)
    inp = inputs(0)
    ids, types, mask = (torch.tensor(inp[k]) for k in ('input_ids', 'token_type_ids', 'attention_mask'))
    names = {**albert_names(c), 'sop_classifier.classifier.weight': [2, 32], 'sop_classifier.classifier.bias': [2]}
    sd = state(names)
    hidden, attentions, pooled = albert_model(sd, c, ids, types, mask)
    x = gather(hidden[-1], torch.tensor(MASKED))
    h = ln(sd, 'predictions.LayerNorm', act('gelu_new')(lin(sd, 'predictions.dense', x)), c['layer_norm_eps'])
    logits = F.linear(h, sd['albert.embeddings.word_embeddings.weight']) + sd['predictions.bias']
    return dict(name='albert-for-pre-training', architecture='AlbertForPreTraining', config=c, inputs=inp,
                parameters=describe(names), outputs=dict(
                    hidden_states=[nested(t) for t in hidden], pooler_output=nested(pooled), prediction_logits=nested(logits),
                    seq_relationship_logits=nested(lin(sd, 'sop_classifier.classifier', pooled))))


def count(names):
    return sum(math.prod(s) for s in names.values())


def parameter_counts():
    base = dict(BERT, vocab_size=30522, hidden_size=768, num_hidden_layers=12, num_attention_heads=12,
                intermediate_size=3072, max_position_embeddings=512)
    seed = dict(base, vocab_size=29, num_hidden_layers=6, max_position_embeddings=30)
    pre = lambda c: {**bert_like_names(c, 'bert.'), **bert_mlm_names(c), 'cls.seq_relationship.weight': [2, 768],
                     'cls.seq_relationship.bias': [2]}
    return {'base BertModel': count(bert_like_names(base, '')),
            'base BertForPreTraining': count(pre(base)),
            'seed BertForPreTraining (vocab 29)': count(pre(seed)),
            'seed BertModel (vocab 29)': count(bert_like_names(seed, ''))}


if __name__ == '__main__':
    fixture = dict(
        generator='packages/model/test/golden/make-golden.py', torch_version=torch.__version__,
        cases=[*bert_cases(), roberta_case(), distilbert_case(), albert_case()],
        parameter_counts=parameter_counts())
    print(json.dumps(fixture, separators=(',', ':')))
