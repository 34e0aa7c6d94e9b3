// A stand-in for the Docker CLI that answers like Docker 28 for what bi uses:
//   docker network inspect kind   (the network exists once a fake Kind cluster was created, or BI_FAKE_DOCKER_NETWORK=1)
//   docker info --format '{{.ServerVersion}}'   (fails like a stopped daemon when BI_FAKE_DOCKER_DOWN=1)
// The network's IPv4 subnet is BI_FAKE_DOCKER_SUBNET (default 172.18.0.0/16); its containers are one
// `<name>-control-plane` per fake cluster plus BI_FAKE_DOCKER_CONTAINERS others.
import { createHash } from 'node:crypto';
import { readClusters, recordCall } from './fake-state.mjs';

const argv = process.argv.slice(2);
recordCall('docker', argv);
const fail = (message, code = 1) => {
  process.stderr.write(`${message}\n`);
  process.exit(code);
};
const id = (seed) => createHash('sha256').update(seed).digest('hex');

if (process.env.BI_FAKE_DOCKER_DOWN === '1') {
  fail('Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?');
}

if (argv[0] === 'info' || argv[0] === 'version') {
  process.stdout.write(argv.includes('--format') ? '28.5.1\n' : 'Server Version: 28.5.1\n');
} else if (argv[0] === 'network' && argv[1] === 'inspect') {
  const name = argv[2];
  const clusters = Object.keys(readClusters());
  const exists = name === 'kind' && (clusters.length > 0 || process.env.BI_FAKE_DOCKER_NETWORK === '1');
  if (!exists) {
    process.stdout.write('[]\n');
    fail(`Error response from daemon: network ${name} not found`);
  }
  const subnet = process.env.BI_FAKE_DOCKER_SUBNET ?? '172.18.0.0/16';
  const base = subnet.split('/')[0].split('.').map(Number);
  const containers = {};
  const names = [
    ...clusters.map((c) => `${c}-control-plane`),
    ...Array.from({ length: Number(process.env.BI_FAKE_DOCKER_CONTAINERS ?? 0) }, (_, i) => `other-${i}`),
  ];
  names.forEach((containerName, i) => {
    containers[id(containerName)] = {
      Name: containerName,
      EndpointID: id(`endpoint-${containerName}`),
      MacAddress: '02:42:ac:12:00:02',
      IPv4Address: `${base[0]}.${base[1]}.${base[2]}.${i + 2}/${subnet.split('/')[1]}`,
      IPv6Address: '',
    };
  });
  const network = {
    Name: 'kind',
    Id: id('kind'),
    Created: '2026-01-01T00:00:00.000000000Z',
    Scope: 'local',
    Driver: 'bridge',
    EnableIPv6: true,
    IPAM: {
      Driver: 'default',
      Options: {},
      Config: [
        { Subnet: 'fc00:f853:ccd:e793::/64' },
        { Subnet: subnet, Gateway: `${base[0]}.${base[1]}.0.1` },
      ],
    },
    Internal: false,
    Attachable: false,
    Containers: containers,
    Options: {
      'com.docker.network.bridge.enable_ip_masquerade': 'true',
      'com.docker.network.driver.mtu': '1500',
    },
    Labels: {},
  };
  process.stdout.write(`${JSON.stringify([network], null, 4)}\n`);
} else {
  fail(`docker: '${argv[0]}' is not a docker command (fake).`);
}
