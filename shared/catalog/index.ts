// The catalog module's public API: the only file other modules, functions and infra import.

export { findStyle, loadCatalogue, saveStyle, saveStyles } from './products.ts';
export { getStyle, getVariants, variantFromItem } from './repository.ts';
export { unknownSkuErrors } from './rules.ts';
export {
  type StyleInput,
  styleBatchBody,
  styleBatchResponse,
  styleBody,
  stylePathSchema,
  styleSchema,
  type Variant,
} from './schemas.ts';
