/*
 * Copyright The otel-dd Authors
 * SPDX-License-Identifier: Apache-2.0
 */

import type { Headers } from './protocol';

/** Incoming header sets sent to dd-trace and to us under every setting. */
export const HEADER_CASES: Record<string, Headers> = {
  'datadog + tracecontext of the same trace (dd-trace output)': {
    'x-datadog-trace-id': '123',
    'x-datadog-parent-id': '456',
    'x-datadog-sampling-priority': '2',
    'x-datadog-origin': 'rum',
    'x-datadog-tags':
      '_dd.p.tid=640cfd8d00000000,_dd.p.dm=-4,_dd.p.usr.id=baz64==',
    traceparent: '00-640cfd8d00000000000000000000007b-00000000000001c8-01',
    tracestate:
      'dd=s:2;o:rum;p:00000000000001c8;t.dm:-4;t.usr.id:baz64~~,othervendor=t61rcWkgMzE',
  },
  'datadog, 64-bit': {
    'x-datadog-trace-id': '7677100746027276020',
    'x-datadog-parent-id': '4821394958127843571',
    'x-datadog-sampling-priority': '1',
    'x-datadog-tags': '_dd.p.dm=-0',
  },
  'datadog, 128-bit, dropped, synthetics': {
    'x-datadog-trace-id': '18446744073709551615',
    'x-datadog-parent-id': '1',
    'x-datadog-sampling-priority': '-1',
    'x-datadog-origin': 'synthetics',
    'x-datadog-tags': '_dd.p.tid=6b00c47500000000,_dd.p.ksr=0',
  },
  'datadog, values that need escaping': {
    'x-datadog-trace-id': '9007199254740993',
    'x-datadog-parent-id': '12345678901234567890',
    'x-datadog-sampling-priority': '2',
    'x-datadog-origin': 'syn=th;et,ic~s',
    'x-datadog-tags': '_dd.p.usr.id=baz64==,_dd.p.foo=a b~c;d,_dd.p.dm=-4',
  },
  'datadog, a tag too long for the dd member': {
    'x-datadog-trace-id': '123',
    'x-datadog-parent-id': '456',
    'x-datadog-sampling-priority': '1',
    'x-datadog-tags': '_dd.p.dm=-1,_dd.p.big=' + 'x'.repeat(300),
  },
  'tracecontext: flag 0 overrides s:2, t.dm kept, other vendors and ot': {
    traceparent: '00-6b00c4aa00000000670edaadf889b80e-3ade68b1abcdef01-00',
    tracestate:
      'dd=s:2;t.dm:-3;t.ksr:0.5;t.usr.id:baz64~~;x:y,othervendor=t61rcWkgMzE,ot=rv:ad5250d4bef7f4;th:0',
  },
  'tracecontext, no tracestate': {
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  },
  'tracecontext: p, origin and t.dm without sign': {
    traceparent: '00-00000000000000000000000000000abc-4444eeee6666bbbb-01',
    tracestate: 'foo=1, dd=s:1;o:rum;p:4444eeee6666aaaa;t.dm:4 ,bar=2',
  },
  'tracecontext: version 01 with a tail, malformed ot': {
    traceparent:
      '01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03-extra',
    tracestate: 'a=1,ot=rv:zz;th:8;x:1,dd=s:-1',
  },
  'tracecontext: 33 members': {
    traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
    tracestate: Array.from({ length: 33 }, (_, i) => `v${i}=${i}`).join(','),
  },
  'datadog + tracecontext of another trace': {
    'x-datadog-trace-id': '123',
    'x-datadog-parent-id': '456',
    'x-datadog-sampling-priority': '1',
    traceparent: '00-640cfd8d00000000abcdefab12345678-000000003ade68b1-01',
    tracestate: 'dd=s:2;p:00000000000000aa,other=x',
  },
  'datadog without tid + 128-bit traceparent, same low 64 bits': {
    'x-datadog-trace-id': '123',
    'x-datadog-parent-id': '456',
    'x-datadog-sampling-priority': '1',
    traceparent: '00-640cfd8d00000000000000000000007b-00000000000001c8-01',
    tracestate: 'dd=s:1;t.dm:-4',
  },
  'datadog with tid + traceparent with zero upper half, version 01': {
    'x-datadog-trace-id': '123',
    'x-datadog-parent-id': '456',
    'x-datadog-sampling-priority': '2',
    'x-datadog-tags': '_dd.p.tid=640cfd8d00000000',
    traceparent: '01-0000000000000000000000000000007b-00000000000001c8-01-x',
    tracestate: 'dd=s:1;o:rum,other=1',
  },
  'datadog + tracecontext, other span id, no p': {
    'x-datadog-trace-id': '123',
    'x-datadog-parent-id': '15',
    'x-datadog-sampling-priority': '1',
    traceparent: '00-0000000000000000000000000000007b-000000003ade68b1-01',
    tracestate: 'foo=bar',
  },
  'datadog + tracecontext, other span id, with p': {
    'x-datadog-trace-id': '123',
    'x-datadog-parent-id': '11',
    'x-datadog-sampling-priority': '2',
    'x-datadog-tags': '_dd.p.dm=-4',
    traceparent: '00-0000000000000000000000000000007b-000000003ade68b1-01',
    tracestate: 'dd=s:2;p:00000000000000aa;t.dm:-4',
  },
  'datadog priority 2 against a W3C drop': {
    'x-datadog-trace-id': '123',
    'x-datadog-parent-id': '456',
    'x-datadog-sampling-priority': '2',
    traceparent: '00-0000000000000000000000000000007b-00000000000001c8-00',
    tracestate: 'dd=s:-1;t.dm:-3;p:00000000000001c8,ot=rv:ad5250d4bef7f4;th:8',
  },
  'b3multi debug, 128-bit': {
    'x-b3-traceid': '640cfd8d00000000abcdefab12345678',
    'x-b3-spanid': '3ade68b1abcdef01',
    'x-b3-sampled': '1',
    'x-b3-flags': '1',
  },
  'b3multi, 64-bit, not sampled': {
    'x-b3-traceid': '0000000000000123',
    'x-b3-spanid': '0000000000000456',
    'x-b3-sampled': '0',
  },
  'b3 single, debug': {
    b3: '640cfd8d00000000abcdefab12345678-3ade68b1abcdef01-d',
  },
  'b3 single with parent, uppercase hex': {
    b3: '0000000000000ABC-0000000000000DEF-1-0000000000000789',
  },
  'b3 + datadog of other traces': {
    b3: '0000000000000123-0000000000000456-1',
    'x-b3-traceid': '0000000000000789',
    'x-b3-spanid': '0000000000000abc',
    'x-b3-sampled': '1',
    'x-datadog-trace-id': '999',
    'x-datadog-parent-id': '888',
    'x-datadog-sampling-priority': '1',
  },
  'baggage with encoded values and properties': {
    'x-datadog-trace-id': '123',
    'x-datadog-parent-id': '456',
    'x-datadog-sampling-priority': '1',
    baggage:
      'user.id=al%20ice, session.id = s1 ,foo=b%C3%A9;prop=1,bad=%C3%28,account.id=42',
  },
  'malformed baggage': {
    'x-datadog-trace-id': '123',
    'x-datadog-parent-id': '456',
    'x-datadog-sampling-priority': '1',
    baggage: 'user.id=alice,no-equal-sign',
  },
  'baggage only': {
    baggage: 'user.id=alice,k=v',
  },
  nothing: {},
};
