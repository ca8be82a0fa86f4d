/** The holder raw key bytes travel in between the key source and the sealer; nothing else. */
package io.lightvibes.service.secrets;
