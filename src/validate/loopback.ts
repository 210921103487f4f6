/**
 * Loopback hosts: the only places where plain http:// and a port are acceptable, because that is
 * where tests and local stand-ins for Okta listen. Takes a hostname as URL.hostname gives it
 * (IPv6 in brackets) or bare.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(h);
  return !!v4 && v4.slice(1).every((octet) => Number(octet) <= 255);
}
