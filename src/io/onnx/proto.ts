/**
 * The ONNX file format: a vendored subset of onnx.proto (the messages an exported inference graph
 * uses) and its encoder, built on protobufjs. Browser-safe: the schema is a string parsed once.
 *
 * The schema text below is copied from onnx/onnx.proto of ONNX 1.12 (field numbers unchanged,
 * comments and the messages an exporter never writes — training info, sparse tensors, functions,
 * sequence/map types — left out). That file carries this notice:
 *
 *   SPDX-License-Identifier: Apache-2.0
 *   Copyright (c) ONNX Project Contributors. Licensed under the Apache License, Version 2.0
 *   (https://www.apache.org/licenses/LICENSE-2.0); distributed on an "AS IS" BASIS, WITHOUT
 *   WARRANTIES OR CONDITIONS OF ANY KIND.
 */
import protobuf from 'protobufjs';

/** The vendored onnx.proto subset (proto2, package onnx). */
export const ONNX_PROTO_SUBSET = `
// SPDX-License-Identifier: Apache-2.0
// Subset of onnx/onnx.proto (ONNX Project Contributors), field numbers unchanged.
syntax = "proto2";
package onnx;

message AttributeProto {
  enum AttributeType {
    UNDEFINED = 0; FLOAT = 1; INT = 2; STRING = 3; TENSOR = 4; GRAPH = 5;
    FLOATS = 6; INTS = 7; STRINGS = 8; TENSORS = 9; GRAPHS = 10;
  }
  optional string name = 1;
  optional string doc_string = 13;
  optional AttributeType type = 20;
  optional float f = 2;
  optional int64 i = 3;
  optional bytes s = 4;
  optional TensorProto t = 5;
  repeated float floats = 7;
  repeated int64 ints = 8;
  repeated bytes strings = 9;
}

message ValueInfoProto {
  optional string name = 1;
  optional TypeProto type = 2;
  optional string doc_string = 3;
}

message NodeProto {
  repeated string input = 1;
  repeated string output = 2;
  optional string name = 3;
  optional string op_type = 4;
  optional string domain = 7;
  repeated AttributeProto attribute = 5;
  optional string doc_string = 6;
}

message ModelProto {
  optional int64 ir_version = 1;
  repeated OperatorSetIdProto opset_import = 8;
  optional string producer_name = 2;
  optional string producer_version = 3;
  optional string domain = 4;
  optional int64 model_version = 5;
  optional string doc_string = 6;
  optional GraphProto graph = 7;
  repeated StringStringEntryProto metadata_props = 14;
}

message StringStringEntryProto {
  optional string key = 1;
  optional string value = 2;
}

message GraphProto {
  repeated NodeProto node = 1;
  optional string name = 2;
  repeated TensorProto initializer = 5;
  optional string doc_string = 10;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
  repeated ValueInfoProto value_info = 13;
}

message TensorProto {
  enum DataType {
    UNDEFINED = 0; FLOAT = 1; UINT8 = 2; INT8 = 3; UINT16 = 4; INT16 = 5; INT32 = 6; INT64 = 7;
    STRING = 8; BOOL = 9; FLOAT16 = 10; DOUBLE = 11; UINT32 = 12; UINT64 = 13;
  }
  repeated int64 dims = 1;
  optional int32 data_type = 2;
  repeated float float_data = 4 [packed = true];
  repeated int32 int32_data = 5 [packed = true];
  repeated int64 int64_data = 7 [packed = true];
  optional string name = 8;
  optional string doc_string = 12;
  optional bytes raw_data = 9;
  repeated double double_data = 10 [packed = true];
}

message TensorShapeProto {
  message Dimension {
    oneof value {
      int64 dim_value = 1;
      string dim_param = 2;
    };
    optional string denotation = 3;
  };
  repeated Dimension dim = 1;
}

message TypeProto {
  message Tensor {
    optional int32 elem_type = 1;
    optional TensorShapeProto shape = 2;
  }
  oneof value {
    Tensor tensor_type = 1;
  }
  optional string denotation = 6;
}

message OperatorSetIdProto {
  optional string domain = 1;
  optional int64 version = 2;
}
`;

/** ONNX element types used here (TensorProto.DataType). */
export const DataType = { FLOAT: 1, INT64: 7, BOOL: 9, DOUBLE: 11 } as const;
export type DataTypeCode = (typeof DataType)[keyof typeof DataType];

/** AttributeProto.AttributeType codes. */
export const AttributeType = { FLOAT: 1, INT: 2, STRING: 3, FLOATS: 6, INTS: 7 } as const;

// ---- plain-object shapes of the messages (protobufjs' camelCase field names) ---------------

export interface TensorMessage {
  name: string;
  dims: number[];
  dataType: number;
  rawData: Uint8Array;
}

export interface AttributeMessage {
  name: string;
  type: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  floats?: number[];
  ints?: number[];
}

export interface NodeMessage {
  name: string;
  opType: string;
  input: string[];
  output: string[];
  attribute: AttributeMessage[];
}

export interface DimMessage {
  dimValue?: number;
  dimParam?: string;
}

export interface ValueInfoMessage {
  name: string;
  type: { tensorType: { elemType: number; shape: { dim: DimMessage[] } } };
}

export interface ModelMessage {
  irVersion: number;
  opsetImport: { domain: string; version: number }[];
  producerName: string;
  producerVersion: string;
  docString?: string;
  graph: {
    name: string;
    node: NodeMessage[];
    initializer: TensorMessage[];
    input: ValueInfoMessage[];
    output: ValueInfoMessage[];
  };
  metadataProps: { key: string; value: string }[];
}

/** The one state object of this file: the parsed ModelProto type, made on first use. */
const schema: { model: protobuf.Type | null } = { model: null };

function modelType(): protobuf.Type {
  schema.model ??= protobuf.parse(ONNX_PROTO_SUBSET, { keepCase: false }).root.lookupType('onnx.ModelProto');
  return schema.model;
}

/** Serialises a model message to the bytes of a .onnx file. */
export function encodeModelProto(model: ModelMessage): Uint8Array {
  const type = modelType();
  const problem = type.verify(model);
  if (problem) throw new Error(`toOnnx: internal error, the model message is invalid: ${problem}`);
  return type.encode(type.fromObject(model as unknown as Record<string, unknown>)).finish();
}

/** Parses .onnx bytes back into a plain object (for tests and inspection). */
export function decodeModelProto(bytes: Uint8Array): Record<string, unknown> {
  const type = modelType();
  return type.toObject(type.decode(bytes), { longs: Number, bytes: Array, defaults: false }) as Record<string, unknown>;
}
