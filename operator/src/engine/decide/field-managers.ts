/** The field manager every write of ours uses, so server-side apply tracks our fields as ours. */
export const FIELD_MANAGER = 'batteries-included';

/** Labels we set outside server-side apply (orphan marks) are written under this manager, never ours. */
export const LABEL_MANAGER = 'batteries-included-labels';
