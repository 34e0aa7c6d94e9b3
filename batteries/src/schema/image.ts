import { z } from 'zod';

export interface ImageDefault {
  repository: string;
  tag: string;
}

/**
 * An image override as a `{repository, tag}` pair with the catalog's default.
 * @example image('Redis server image', { repository: 'quay.io/opstree/redis', tag: 'v8.4.0' })
 */
export function image(description: string, defaults: ImageDefault) {
  return z
    .object({
      repository: z
        .string()
        .min(1)
        .meta({ description: `Image repository (default ${defaults.repository}).` }),
      tag: z
        .string()
        .regex(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/, { error: 'must be an image tag such as v1.2.3' })
        .meta({ description: `Image tag (default ${defaults.tag}).` }),
    })
    .default(defaults)
    .meta({ description });
}

/** `repository:tag` */
export function imageRef(value: ImageDefault): string {
  return `${value.repository}:${value.tag}`;
}
