import sys, json
def rep(p, old, new):
    s=open(p).read()
    n=s.count(old)
    if n!=1:
        print("COUNT", n, "in", p, ":", old[:80]); return
    open(p,'w').write(s.replace(old,new))
