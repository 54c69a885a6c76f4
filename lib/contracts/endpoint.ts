import type { z } from 'zod';
import type { Role, TokenScope } from '@/lib/auth/roles';
import type { ErrorBody } from './json';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * One endpoint's contract: what it takes (path parameters, query, JSON body) and what it
 * answers. Route handlers parse with it and reply through it, the client and the tests derive
 * their types from it, and the OpenAPI document can be generated from the same objects.
 */
export interface Endpoint {
  method: Method;
  /** With `:name` for each path parameter, e.g. `/api/breaches/:id/ack`. */
  path: string;
  /** Who may call it: the least role (API tokens and the internal token stand in per route). */
  access: Role | 'public';
  /** The API-token scope that stands in for `access` when it is not the usual one (guard.ts). */
  scope?: TokenScope;
  summary: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** Absent: the answer is not JSON (an exposition format, a page). */
  response?: z.ZodType;
  /** The success status when it is not 200. */
  status?: number;
  /** A refusal's body when it says more than `_err` and `message` (errorBody). */
  refusal?: z.ZodType;
}

/** Declares an endpoint, keeping its literal method and path for the types derived from it. */
export const endpoint = <const E extends Endpoint>(spec: E): E => spec;

/** The JSON a successful call answers (the wire side of the response schema). */
export type ResponseOf<E extends Endpoint> = E['response'] extends z.ZodType
  ? z.input<E['response']>
  : string;

/** A query value as a caller gives it: dates as Date or ISO text, numbers as numbers. */
type QueryValue<T> = T extends Date ? Date | string : T;

export type QueryOf<E extends Endpoint> = E['query'] extends z.ZodType
  ? { [K in keyof z.output<E['query']>]?: QueryValue<z.output<E['query']>[K]> }
  : never;

/** What a refused call answers (4xx / 5xx). */
export type RefusalOf<E extends Endpoint> = E['refusal'] extends z.ZodType
  ? z.input<E['refusal']>
  : ErrorBody;

export type BodyOf<E extends Endpoint> = E['body'] extends z.ZodType ? z.input<E['body']> : never;

type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<Rest>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

export type ParamsOf<E extends Endpoint> = [ParamNames<E['path']>] extends [never]
  ? never
  : Record<ParamNames<E['path']>, string>;

/** What a call of the endpoint needs: only the parts it has. */
export type CallInput<E extends Endpoint> = ([ParamsOf<E>] extends [never]
  ? { params?: undefined }
  : { params: ParamsOf<E> }) &
  ([QueryOf<E>] extends [never] ? { query?: undefined } : { query?: QueryOf<E> }) &
  ([BodyOf<E>] extends [never] ? { body?: undefined } : { body: BodyOf<E> });

/** `/api/breaches/:id/ack` → `/api/breaches/${string}/ack`: the concrete paths it serves. */
export type PathPattern<P extends string> = P extends `${infer Head}:${string}/${infer Rest}`
  ? `${Head}${string}/${PathPattern<Rest>}`
  : P extends `${infer Head}:${string}`
    ? `${Head}${string}`
    : P;
