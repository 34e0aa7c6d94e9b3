import { z } from 'zod';

/**
 * A DNS name of at least two labels (`sslip.io`, `apps.example.com`): lower-case letters, digits and `-`, each label
 * 1–63 characters not starting or ending with `-`, 253 characters in all. RE2- and ECMAScript-compatible, so the CRD
 * pattern, the CEL rule and zod agree.
 */
export const DNS_NAME_PATTERN =
  '^([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\\.)+[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$';

/** What a DNS name field accepts, in the words every refusal uses. */
export const DNS_NAME_MESSAGE =
  'must be a DNS name such as example.com: lower-case labels of letters, digits and -, separated by dots';

/**
 * A DNS name field, checked by zod and, at admission, by the CRD (pattern, length and a CEL rule with the same
 * message, so `kubectl apply` names the field and says what is accepted).
 * @example dnsName('The domain hostnames end in.')
 */
export function dnsName(description: string) {
  return z
    .string()
    .max(253)
    .regex(new RegExp(DNS_NAME_PATTERN), { error: DNS_NAME_MESSAGE })
    .meta({
      description,
      'x-kubernetes-validations': [
        { rule: `self.matches('${DNS_NAME_PATTERN.replaceAll('\\', '\\\\')}')`, message: DNS_NAME_MESSAGE },
      ],
    });
}
