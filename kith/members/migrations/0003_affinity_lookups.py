import django.db.models.deletion
import django.db.models.functions.text
from django.db import migrations, models


def fill_terms(apps, schema_editor):
    """Terms for the target markets written before this migration (same folding as term_key)."""
    TargetMarket = apps.get_model("members", "TargetMarket")
    Term = apps.get_model("members", "TargetMarketTerm")
    fields = (("industry", "industries"), ("title", "title_keywords"), ("location", "locations"), ("company", "companies"))
    batch = []
    for market in TargetMarket.objects.iterator(chunk_size=2000):
        pairs = {(kind, " ".join(v.split()).lower()) for kind, name in fields for v in getattr(market, name) or []}
        batch += [Term(market_id=market.pk, kind=kind, value=value) for kind, value in pairs if value]
        if len(batch) >= 5000:
            Term.objects.bulk_create(batch)
            batch = []
    Term.objects.bulk_create(batch)


class Migration(migrations.Migration):

    dependencies = [
        ('members', '0002_inactive_users_index'),
    ]

    operations = [
        migrations.CreateModel(
            name='TargetMarketTerm',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('industry', 'Industry'), ('title', 'Title keyword'), ('location', 'Location'), ('company', 'Company')], max_length=10)),
                ('value', models.CharField(max_length=200)),
            ],
        ),
        migrations.AddIndex(
            model_name='education',
            index=models.Index(django.db.models.functions.text.Lower('school'), name='education_school_ci'),
        ),
        migrations.AddIndex(
            model_name='position',
            index=models.Index(django.db.models.functions.text.Lower('company'), name='position_company_ci'),
        ),
        migrations.AddIndex(
            model_name='profile',
            index=models.Index(django.db.models.functions.text.Lower('city'), models.F('industry'), name='profile_city_ci_industry'),
        ),
        migrations.AddField(
            model_name='targetmarketterm',
            name='market',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='terms', to='members.targetmarket'),
        ),
        migrations.AddIndex(
            model_name='targetmarketterm',
            index=models.Index(fields=['kind', 'value'], name='members_tar_kind_f6a85d_idx'),
        ),
        migrations.AddConstraint(
            model_name='targetmarketterm',
            constraint=models.UniqueConstraint(fields=('market', 'kind', 'value'), name='target_market_term_unique'),
        ),
        migrations.RunPython(fill_terms, migrations.RunPython.noop),
    ]
