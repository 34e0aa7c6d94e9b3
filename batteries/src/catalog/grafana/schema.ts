import { z } from 'zod';
import { image } from '../../schema/image.js';
import { resourcesSchema } from '../../schema/resources.js';

export const grafanaSchema = z
  .object({
    image: image('The Grafana image.', { repository: 'grafana/grafana', tag: '11.4.5' }),
    adminUser: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/, {
        error: 'must be 1 to 64 letters, digits, ".", "_", "@" or "-", starting with a letter or digit',
      })
      .default('admin')
      .meta({
        description:
          'Login of the Grafana administrator. Its password is generated and kept in the Secret grafana-admin (key admin-password). Default admin.',
      }),
    resources: resourcesSchema.optional(),
  })
  .strict()
  .meta({
    description:
      'Grafana dashboards, with datasources for the installed VictoriaMetrics and Loki batteries. Grafana keeps no state of its own: everything is provisioned, so edits made in its UI last until the pod restarts.',
  });

export type GrafanaSpec = z.output<typeof grafanaSchema>;
