// The `product` input (dcdn or cdn) and the endpoint it implies: empty means the product's own
// host; an endpoint of the other product is refused, since its API would not know the calls.

import { CDN, DCDN, productOfHost } from '../alibaba/products.ts';
import type { Product } from '../alibaba/products.ts';
import { InputError } from '../shared/errors.ts';
import { oneLine } from '../shared/text.ts';
import type { GetInput } from './credentials.ts';
import { parseEndpoint } from './endpoint.ts';

export function readProduct(getInput: GetInput): Product {
  const raw = getInput('product').trim();
  const name = raw.toLowerCase();
  if (name === '' || name === 'dcdn') return DCDN;
  if (name === 'cdn') return CDN;
  throw new InputError(
    `product "${oneLine(raw, 40)}" is not dcdn or cdn: use dcdn for DCDN (dcdn.aliyuncs.com) or cdn for Alibaba Cloud CDN (cdn.aliyuncs.com).`
  );
}

export function readEndpoint(getInput: GetInput, product: Product): URL {
  const raw = getInput('endpoint').trim();
  const endpoint = parseEndpoint(raw || product.host);
  const owner = productOfHost(endpoint.hostname);
  if (owner && owner !== product) {
    throw new InputError(
      `endpoint ${endpoint.hostname} is the ${owner.name} API, but product is ${product.input}: set product to ${owner.input}, or leave endpoint empty for ${product.host}.`
    );
  }
  return endpoint;
}
