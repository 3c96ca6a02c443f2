import { isIPv4 } from 'node:net';

/** Every IP discovery datagram is 74 bytes: type, length (70), SSRC, 64-byte address, port. */
export const IP_DISCOVERY_LENGTH = 74;
const BODY_LENGTH = 70;
const ADDRESS_OFFSET = 8;
const ADDRESS_LENGTH = 64;
const TYPE_REQUEST = 1;
const TYPE_RESPONSE = 2;

/** Whether a datagram is an IP discovery request (type 1, length 70). */
export function isIpDiscoveryRequest(packet: Buffer): boolean {
  return (
    packet.length === IP_DISCOVERY_LENGTH &&
    packet.readUInt16BE(0) === TYPE_REQUEST &&
    packet.readUInt16BE(2) === BODY_LENGTH
  );
}

/** The SSRC a discovery request names. */
export function ipDiscoverySsrc(packet: Buffer): number {
  return packet.readUInt32BE(4);
}

/**
 * Builds the discovery response: the address and port the request came from, so the client learns
 * its external address (big-endian, NUL-terminated address).
 */
export function buildIpDiscoveryResponse(ssrc: number, address: string, port: number): Buffer {
  if (!isIPv4(address)) throw new RangeError(`IP discovery answers IPv4 only, got ${address}`);
  const response = Buffer.alloc(IP_DISCOVERY_LENGTH);
  response.writeUInt16BE(TYPE_RESPONSE, 0);
  response.writeUInt16BE(BODY_LENGTH, 2);
  response.writeUInt32BE(ssrc >>> 0, 4);
  response.write(address, ADDRESS_OFFSET, ADDRESS_LENGTH - 1, 'utf8');
  response.writeUInt16BE(port, IP_DISCOVERY_LENGTH - 2);
  return response;
}
