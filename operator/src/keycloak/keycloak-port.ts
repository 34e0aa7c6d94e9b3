import {
  formatRef,
  ORPHANED_LABEL,
  refOf,
  type KeycloakKind,
  type KubeObject,
} from '@batteries-included/batteries';
import type { ApplyPort } from '../engine/apply/apply-port.js';
import { KeycloakApiError, type KeycloakAdmin } from './admin-client.js';
import {
  liveClient,
  liveGroup,
  liveRealm,
  liveRequiredAction,
  metadataAttributes,
  METADATA_ATTRIBUTES,
  withoutMetadata,
  type Representation,
} from './keycloak-objects.js';

type Spec = Record<string, unknown>;
type Mapper = Representation & { name: string; config?: Record<string, string> };

/**
 * Apply, read and delete Keycloak objects through the admin API, the way the cluster port does it for Kubernetes
 * objects: `apply` writes only the fields the desired object sets, merged over what Keycloak holds (so fields we do
 * not own are left alone), plus the hash and battery attributes; a `dryRun` returns that merge without writing, so
 * suspected drift is confirmed the same way. Protocol mappers are matched by name; extra ones are left alone.
 */
export function createKeycloakPort(admin: KeycloakAdmin): ApplyPort {
  const realmPath = (realm: string) => `/admin/realms/${encodeURIComponent(realm)}`;
  const requiredActionPath = (realm: string, alias: string) =>
    `${realmPath(realm)}/authentication/required-actions/${encodeURIComponent(alias)}`;

  const find = async (object: KubeObject): Promise<Representation | undefined> => {
    const { name, namespace: realm = '' } = object.metadata;
    const ref = formatRef(refOf(object));
    switch (object.kind as KeycloakKind) {
      case 'KeycloakRealm':
        return admin.get<Representation>(realmPath(name), ref);
      case 'KeycloakClient': {
        const found = await admin.get<Representation[]>(
          `${realmPath(realm)}/clients?clientId=${encodeURIComponent(name)}`,
          ref,
        );
        return found?.find((client) => client.clientId === name);
      }
      case 'KeycloakRequiredAction':
        return admin.get<Representation>(requiredActionPath(realm, name), ref);
      case 'KeycloakGroup': {
        const found = await admin.get<Representation[]>(
          `${realmPath(realm)}/groups?search=${encodeURIComponent(name)}&exact=true&briefRepresentation=false`,
          ref,
        );
        return found?.find((group) => group.name === name);
      }
      default:
        throw new Error(`${ref}: not a Keycloak kind`);
    }
  };

  const toLive = (object: KubeObject, representation: Representation): KubeObject => {
    const realm = object.metadata.namespace ?? '';
    if (object.kind === 'KeycloakRealm') return liveRealm(representation);
    if (object.kind === 'KeycloakClient') return liveClient(realm, representation);
    if (object.kind === 'KeycloakRequiredAction') return liveRequiredAction(realm, representation);
    return liveGroup(realm, representation);
  };

  /** What Keycloak will hold after the write: ours over theirs, attributes and mapper configs merged by key. */
  const merged = (object: KubeObject, current: Representation | undefined): Representation => {
    const spec = (object.spec ?? {}) as Spec;
    const ours = metadataAttributes(object);
    const attributes =
      object.kind === 'KeycloakGroup'
        ? {
            ...(current?.attributes as Record<string, string[]> | undefined),
            ...(spec.attributes as Record<string, string[]> | undefined),
            ...Object.fromEntries(Object.entries(ours).map(([key, value]) => [key, [value]])),
          }
        : {
            ...(current?.attributes as Record<string, string> | undefined),
            ...(spec.attributes as Record<string, string> | undefined),
            ...ours,
          };
    if (object.kind === 'KeycloakRequiredAction')
      return { ...current, ...spec, config: { ...(current?.config as Spec | undefined), ...ours } };
    const result: Representation = { ...current, ...spec, attributes };
    if (Array.isArray(spec.protocolMappers))
      result.protocolMappers = mergeMappers(
        (current?.protocolMappers ?? []) as Mapper[],
        spec.protocolMappers as Mapper[],
      );
    return result;
  };

  return {
    async apply(object, options = {}) {
      const ref = formatRef(refOf(object));
      const current = await find(object);
      const body = merged(object, current);
      if (options.dryRun) return toLive(object, body);
      const { name, namespace: realm = '' } = object.metadata;
      switch (object.kind as KeycloakKind) {
        case 'KeycloakRealm':
          if (current) await admin.send('PUT', realmPath(name), body, ref);
          else await admin.send('POST', '/admin/realms', body, ref);
          break;
        case 'KeycloakClient':
          if (current) {
            const { protocolMappers, ...client } = body;
            await admin.send('PUT', `${realmPath(realm)}/clients/${current.id}`, client, ref);
            await syncMappers(
              admin,
              `${realmPath(realm)}/clients/${current.id}`,
              current,
              protocolMappers,
              ref,
            );
          } else await admin.send('POST', `${realmPath(realm)}/clients`, body, ref);
          break;
        case 'KeycloakRequiredAction':
          // Every realm has its required actions: there is nothing to create, only to configure.
          if (!current)
            throw new KeycloakApiError(ref, 404, 'NotFound', `the realm has no required action ${name}`);
          await admin.send('PUT', requiredActionPath(realm, name), body, ref);
          break;
        case 'KeycloakGroup':
          if (current) await admin.send('PUT', `${realmPath(realm)}/groups/${current.id}`, body, ref);
          else await admin.send('POST', `${realmPath(realm)}/groups`, body, ref);
          break;
      }
      return toLive(object, body);
    },
    async get(object) {
      const current = await find(object);
      return current ? toLive(object, current) : undefined;
    },
    async delete(object, options = {}) {
      const ref = formatRef(refOf(object));
      const current = await find(object);
      if (!current || (options.uid !== undefined && current.id !== options.uid)) return;
      const { name, namespace: realm = '' } = object.metadata;
      if (object.kind === 'KeycloakRequiredAction') {
        // A required action cannot be deleted: removing ours puts back Keycloak's default and drops our marks.
        const config = withoutMetadata((current.config ?? {}) as Record<string, string>);
        await admin.send(
          'PUT',
          requiredActionPath(realm, name),
          { ...current, defaultAction: false, config },
          ref,
        );
        return;
      }
      const path =
        object.kind === 'KeycloakRealm'
          ? realmPath(name)
          : `${realmPath(realm)}/${object.kind === 'KeycloakClient' ? 'clients' : 'groups'}/${current.id}`;
      await admin.send('DELETE', path, undefined, ref);
    },
    async setLabels(object, labels) {
      // Only the orphaned mark has a place in Keycloak (an attribute); other labels exist only in our records.
      if (!(ORPHANED_LABEL in labels) || object.kind === 'KeycloakRequiredAction') return;
      const current = await find(object);
      if (!current) return;
      const value = labels[ORPHANED_LABEL] ?? '';
      const ref = formatRef(refOf(object));
      const { name, namespace: realm = '' } = object.metadata;
      const attribute = { [METADATA_ATTRIBUTES.orphaned]: value };
      if (object.kind === 'KeycloakRealm')
        await admin.send(
          'PUT',
          realmPath(name),
          { attributes: { ...(current.attributes as Spec), ...attribute } },
          ref,
        );
      else if (object.kind === 'KeycloakClient')
        await admin.send(
          'PUT',
          `${realmPath(realm)}/clients/${current.id}`,
          { ...current, attributes: { ...(current.attributes as Spec), ...attribute } },
          ref,
        );
      else
        await admin.send(
          'PUT',
          `${realmPath(realm)}/groups/${current.id}`,
          {
            ...current,
            attributes: { ...(current.attributes as Spec), [METADATA_ATTRIBUTES.orphaned]: [value] },
          },
          ref,
        );
    },
  };
}

/** Desired mappers over the current ones by name (keeping Keycloak's ids and config keys we do not set). */
function mergeMappers(current: readonly Mapper[], desired: readonly Mapper[]): Mapper[] {
  const byName = new Map(current.map((mapper) => [mapper.name, mapper]));
  const result = current.map((mapper) => {
    const want = desired.find((d) => d.name === mapper.name);
    return want ? { ...mapper, ...want, config: { ...mapper.config, ...want.config } } : mapper;
  });
  for (const want of desired) if (!byName.has(want.name)) result.push(want);
  return result;
}

/** A client update does not touch its protocol mappers: each is created or updated through its own endpoint. */
async function syncMappers(
  admin: KeycloakAdmin,
  clientPath: string,
  current: Representation,
  merged: unknown,
  ref: string,
): Promise<void> {
  if (!Array.isArray(merged)) return;
  const existing = new Map(((current.protocolMappers ?? []) as Mapper[]).map((m) => [m.name, m]));
  for (const mapper of merged as Mapper[]) {
    const before = existing.get(mapper.name);
    if (!before) await admin.send('POST', `${clientPath}/protocol-mappers/models`, mapper, ref);
    else if (JSON.stringify(before) !== JSON.stringify(mapper))
      await admin.send('PUT', `${clientPath}/protocol-mappers/models/${before.id}`, mapper, ref);
  }
}
