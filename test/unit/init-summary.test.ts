import { describe, expect, it } from 'vitest';
import { approverRule } from '../../src/ui/summary.js';

const names = new Map([['00g2bbbbbbbbbbbbbbbb', 'Data Readers']]);
const groupName = (id: string) => names.get(id);

describe('approverRule: the approval rule as impl.py applies it', () => {
  it('no approver group: any Sym member; self-approval off unless asked for', () => {
    expect(approverRule({}, groupName)).toBe('any Sym member may approve; nobody may approve their own request');
    expect(approverRule({ allowSelfApproval: true }, groupName)).toBe(
      'any Sym member may approve; an approver may approve their own request',
    );
  });

  it('an approver group: only its members (and Sym admins), named with the ID; the ID alone when its name is unknown', () => {
    expect(approverRule({ approverGroup: '00g2bbbbbbbbbbbbbbbb', allowSelfApproval: true }, groupName)).toBe(
      'only members of Data Readers (00g2bbbbbbbbbbbbbbbb) (and Sym admins) may approve; an approver may approve their own request',
    );
    expect(approverRule({ approverGroup: '00g9zzzzzzzzzzzzzzzz' }, groupName)).toBe(
      'only members of 00g9zzzzzzzzzzzzzzzz (and Sym admins) may approve; nobody may approve their own request',
    );
  });
});
