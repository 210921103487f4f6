/** Where `init` writes the project when given no directory; `doctor` looks there too. */
export const DEFAULT_DIRECTORY = 'sym-okta-quickstart';

/** Where the wizard's files sit inside the project directory. */
export const TFVARS = 'app/terraform.tfvars';
export const IMPL = 'modules/okta-access-flow/impl.py';
export const VERSIONS = 'app/versions.tf';
/** npm never publishes a file named .gitignore, so the template ships it as _gitignore (as create-vite does). */
export const destinationOf = (rel: string) => (rel === '_gitignore' ? '.gitignore' : rel);
