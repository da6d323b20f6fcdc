/**
 * Writes a tiny but real sentence-embedding model for transformers.js into a folder: an ONNX
 * graph (input_ids, attention_mask → Gather from an embedding table, masked → last_hidden_state
 * [batch, seq, dim]) hand-encoded as an ONNX ModelProto with protobufjs, a WordPiece
 * tokenizer.json, tokenizer_config.json and a BERT config.json. Each word's vector is its topic's
 * direction plus a little deterministic noise, so mean pooling puts texts about one topic close
 * together — enough to test the real loading, tokenizing, inference and fusion path.
 */
import fs from 'node:fs';
import path from 'node:path';
import protobuf from 'protobufjs';

// The subset of onnx.proto (field numbers as in the ONNX specification) that the graph needs.
const ONNX_PROTO = `
syntax = "proto3";
package onnx;
message AttributeProto { string name = 1; float f = 2; int64 i = 3; bytes s = 4; repeated int64 ints = 8; int32 type = 20; }
message NodeProto { repeated string input = 1; repeated string output = 2; string name = 3; string op_type = 4; repeated AttributeProto attribute = 5; }
message TensorProto { repeated int64 dims = 1; int32 data_type = 2; repeated float float_data = 4; repeated int64 int64_data = 7; string name = 8; }
message Dimension { int64 dim_value = 1; string dim_param = 2; }
message TensorShapeProto { repeated Dimension dim = 1; }
message TensorTypeProto { int32 elem_type = 1; TensorShapeProto shape = 2; }
message TypeProto { TensorTypeProto tensor_type = 1; }
message ValueInfoProto { string name = 1; TypeProto type = 2; }
message GraphProto { repeated NodeProto node = 1; string name = 2; repeated TensorProto initializer = 5; repeated ValueInfoProto input = 11; repeated ValueInfoProto output = 12; }
message OperatorSetIdProto { string domain = 1; int64 version = 2; }
message ModelProto { int64 ir_version = 1; string producer_name = 2; GraphProto graph = 7; repeated OperatorSetIdProto opset_import = 8; }
`;

const FLOAT = 1;
const INT64 = 7;
const ATTR_INT = 2;

/** Deterministic pseudo-random numbers in [-1, 1). */
function noise(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  };
}

export interface TinyModelSpec {
  /** topic name → its words; words of one topic get nearby vectors. */
  topics: Record<string, string[]>;
  /** Words with no topic (function words): small random vectors. */
  filler?: string[];
  dim?: number;
}

/** Writes the model files into `dir` (created) and returns the vocabulary size. */
export function writeTinyEmbeddingModel(dir: string, spec: TinyModelSpec): number {
  const dim = spec.dim ?? 16;
  const special = ['[PAD]', '[UNK]', '[CLS]', '[SEP]'];
  const vocab: string[] = [...special];
  const vectors: number[][] = special.map(() => new Array<number>(dim).fill(0));
  const random = noise(11);
  const topicNames = Object.keys(spec.topics);
  if (topicNames.length > dim) throw new Error(`at most ${dim} topics fit in ${dim} dimensions`);
  topicNames.forEach((topic, k) => {
    for (const word of spec.topics[topic]!) {
      vocab.push(word.toLowerCase());
      vectors.push(Array.from({ length: dim }, (_, d) => (d === k ? 1 : 0) + random() * 0.15));
    }
  });
  for (const word of spec.filler ?? []) {
    vocab.push(word.toLowerCase());
    vectors.push(Array.from({ length: dim }, () => random() * 0.05));
  }

  const root = protobuf.parse(ONNX_PROTO).root;
  const Model = root.lookupType('onnx.ModelProto');
  const tensorType = (elem: number, dims: (number | string)[]) => ({
    tensorType: { elemType: elem, shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) } },
  });
  const model = {
    irVersion: 8,
    producerName: 'agentos-tests',
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'tiny_embedding',
      node: [
        { opType: 'Gather', name: 'lookup', input: ['embeddings', 'input_ids'], output: ['gathered'], attribute: [{ name: 'axis', type: ATTR_INT, i: 0 }] },
        { opType: 'Cast', name: 'mask_float', input: ['attention_mask'], output: ['mask_f'], attribute: [{ name: 'to', type: ATTR_INT, i: FLOAT }] },
        { opType: 'Unsqueeze', name: 'mask_3d', input: ['mask_f', 'axes'], output: ['mask_3'] },
        { opType: 'Mul', name: 'masked', input: ['gathered', 'mask_3'], output: ['last_hidden_state'] },
      ],
      initializer: [
        { name: 'embeddings', dataType: FLOAT, dims: [vocab.length, dim], floatData: vectors.flat() },
        { name: 'axes', dataType: INT64, dims: [1], int64Data: [2] },
      ],
      input: [
        { name: 'input_ids', type: tensorType(INT64, ['batch', 'sequence']) },
        { name: 'attention_mask', type: tensorType(INT64, ['batch', 'sequence']) },
      ],
      output: [{ name: 'last_hidden_state', type: tensorType(FLOAT, ['batch', 'sequence', dim]) }],
    },
  };
  const problem = Model.verify(model);
  if (problem) throw new Error(`tiny ONNX model: ${problem}`);
  const bytes = Model.encode(Model.fromObject(model)).finish();

  fs.mkdirSync(path.join(dir, 'onnx'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'onnx', 'model.onnx'), bytes);
  const ids = Object.fromEntries(vocab.map((w, i) => [w, i]));
  const tokenizer = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: special.map((content, id) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [{ Sequence: { id: 'A', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } }],
      special_tokens: { '[CLS]': { id: '[CLS]', ids: [2], tokens: ['[CLS]'] }, '[SEP]': { id: '[SEP]', ids: [3], tokens: ['[SEP]'] } },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: ids },
  };
  fs.writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify(tokenizer));
  fs.writeFileSync(
    path.join(dir, 'tokenizer_config.json'),
    JSON.stringify({ tokenizer_class: 'BertTokenizer', do_lower_case: true, model_max_length: 128, pad_token: '[PAD]', unk_token: '[UNK]', cls_token: '[CLS]', sep_token: '[SEP]', mask_token: '[UNK]' }),
  );
  fs.writeFileSync(
    path.join(dir, 'config.json'),
    JSON.stringify({ model_type: 'bert', architectures: ['BertModel'], hidden_size: dim, vocab_size: vocab.length, num_hidden_layers: 0, num_attention_heads: 1, max_position_embeddings: 128 }),
  );
  return vocab.length;
}
