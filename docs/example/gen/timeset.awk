# SPDX-License-Identifier: Apache-2.0
# Turns the manifest (tree.awk) into debugfs commands that give every inode
# of the image the scenario's owner, mode and times: mkfs.ext4 -d copies
# them from the machine that ran the script, which would make the image
# depend on who built it and when.
BEGIN { FS = "\t" }
{
	path = $2
	mode = ($1 == "D") ? "040755" : "0100644"
	print "sif " path " mode " mode
	print "sif " path " uid 0"
	print "sif " path " gid 0"
	print "sif " path " crtime @" $4
	print "sif " path " mtime @" $5
	print "sif " path " atime @" $6
	print "sif " path " ctime @" $7
}
