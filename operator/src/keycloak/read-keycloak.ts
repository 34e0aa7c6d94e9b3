import { objectKey, type KubeObject } from '@batteries-included/batteries';
import type { KeycloakAdmin } from './admin-client.js';
import {
  liveClient,
  liveGroup,
  liveRealm,
  liveRequiredAction,
  type Representation,
} from './keycloak-objects.js';

/**
 * Reads the realms the pass manages — each realm, its clients, top-level groups and required actions — as live
 * objects by canonical key: Prepare's view of Keycloak, as the watch cache is its view of the cluster. A realm that
 * does not exist contributes nothing (the plan creates it). Four requests per realm.
 */
export async function readKeycloak(
  admin: KeycloakAdmin,
  realms: readonly string[],
): Promise<Map<string, KubeObject>> {
  const live = new Map<string, KubeObject>();
  const add = (object: KubeObject) => live.set(objectKey(object), object);
  for (const realm of [...new Set(realms)].sort()) {
    const path = `/admin/realms/${encodeURIComponent(realm)}`;
    const representation = await admin.get<Representation>(path);
    if (!representation) continue;
    add(liveRealm(representation));
    const [clients, groups, actions] = await Promise.all([
      admin.get<Representation[]>(`${path}/clients`),
      admin.get<Representation[]>(`${path}/groups?briefRepresentation=false`),
      admin.get<Representation[]>(`${path}/authentication/required-actions`),
    ]);
    for (const client of clients ?? []) add(liveClient(realm, client));
    for (const group of groups ?? []) add(liveGroup(realm, group));
    for (const action of actions ?? []) add(liveRequiredAction(realm, action));
  }
  return live;
}
