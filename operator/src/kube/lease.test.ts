import { leaseAction } from './lease.js';

describe('leaseAction', () => {
  it('creates a Lease that does not exist', () => {
    expect(leaseAction(undefined, 'me', 0)).toBe('create');
  });

  it('renews a Lease it holds, however old', () => {
    expect(leaseAction({ holderIdentity: 'me', leaseDurationSeconds: 15 }, 'me', 60_000)).toBe('renew');
  });

  it('takes over a released Lease at once', () => {
    expect(leaseAction({ holderIdentity: '', leaseDurationSeconds: 15 }, 'me', 0)).toBe('take-over');
    expect(leaseAction({ leaseDurationSeconds: 15 }, 'me', 0)).toBe('take-over');
  });

  it("waits while another holder's Lease has been seen unchanged for less than its duration", () => {
    expect(leaseAction({ holderIdentity: 'other', leaseDurationSeconds: 15 }, 'me', 14_999)).toBe('wait');
    expect(leaseAction({ holderIdentity: 'other', leaseDurationSeconds: 15 }, 'me', 15_000)).toBe(
      'take-over',
    );
  });

  it("judges expiry by the holder's declared duration, not ours", () => {
    expect(leaseAction({ holderIdentity: 'other', leaseDurationSeconds: 1 }, 'me', 1_000)).toBe('take-over');
    expect(leaseAction({ holderIdentity: 'other', leaseDurationSeconds: 60 }, 'me', 59_000)).toBe('wait');
  });
});
