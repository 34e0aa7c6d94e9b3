import { InstanceList } from '../../lib/instance-commands.js';
import { SERVICES } from '../../lib/instances.js';

export default class ServiceList extends InstanceList {
  static override family = SERVICES;
  static override summary = 'List the traditional and Knative services, with readiness, pods and URL.';
  static override examples = [
    '<%= config.bin %> service list',
    '<%= config.bin %> service list -n shop --output json',
  ];
}
