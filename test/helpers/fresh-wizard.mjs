// The questions of a first `init` in a terminal against the loopback world, in the order the wizard
// asks them, answered with the defaults where there are any. One script for the plugin-cache terminal
// test and `npm run bench` (e): two copies drifted when a question was added (the bench then waited
// for a question that never came).

/**
 * Answers every question up to the last one ("Where should Terraform keep its state"), which it
 * waits for but leaves unanswered (the caller looks at the machine first, then answers it).
 * `io.pause` runs between a question showing and its answer (a person's reading time). Returns what
 * `io.waitFor` gave for the first question (the bench's waitFor gives the time it showed).
 */
export async function answerUpToStateQuestion(io, { workspace, token, runtime }) {
  const pause = io.pause ?? (async () => {});
  const answer = async (prompt, text) => {
    const shown = await io.waitFor(`? ${prompt}`);
    await pause();
    io.write(`${text}\r`);
    return shown;
  };
  const first = await answer('Sym org slug', '');
  await answer('Slack workspace ID', workspace);
  await answer('Channel where access requests are posted', '');
  await answer('Channel where Sym reports errors', '');
  await answer('Okta org domain', 'acme.okta.com');
  await answer('Okta API token', token);
  await io.waitFor('? Okta group users may request');
  await pause();
  io.write('AWS');
  await io.waitFor('❯ AWS Admins');
  io.write('\r');
  await answer('Label shown in Slack for AWS Admins', '');
  await io.waitFor('❯ ✓ Done choosing groups');
  await pause();
  io.write('\r');
  await answer('Allow only members of one Okta group to approve', 'n');
  await answer('Let approvers approve their own requests', '');
  await answer('AWS region', '');
  await answer('Sym runtime / environment name', '\x7f'.repeat(40) + runtime);
  await io.waitFor('? Where should Terraform keep its state');
  await pause();
  return first;
}
